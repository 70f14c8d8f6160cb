package dev.hearth.edge.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import dev.hearth.local.testing.TestMqttClient;
import dev.hearth.local.testing.TestWebSocketClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A burst of 20,000 readings as fast as one publisher can send them, with WebSocket clients watching: web-edge's
 * intake used to die of SmallRye's "overflow buffer is full" and every client then got nothing. Now every client
 * still gets the reading published after the burst, and web-edge stays live and ready.
 */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
@WithTestResource(PostgresResource.class)
class BurstTest {

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @TestHTTPResource("/ws/live")
    URI live;

    @Test
    void everyWebSocketClientStillGetsUpdatesAfterABurst() throws Exception {
        // Ready means connected and subscribed (SUBACK): what is published before would not be queued for this service.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        List<TestWebSocketClient> clients = new ArrayList<>();
        try (TestMqttClient publisher = new TestMqttClient("127.0.0.1", brokerPort)) {
            for (int i = 0; i < 5; i++) {
                TestWebSocketClient ws = TestWebSocketClient.connect(live, "admin", "test-admin-password");
                clients.add(ws);
                ws.send("{\"op\":\"subscribe\",\"filters\":[\"sensors/+\"]}");
                ws.await(f -> f.contains("\"snapshot\""), Duration.ofSeconds(10));
            }
            for (int i = 0; i < 20_000; i++) {
                publisher.publish("hearth/home/sensors/burst-" + (i % 100), reading("burst-" + (i % 100), i), false);
            }
            publisher.publish("hearth/home/sensors/burst-last", reading("burst-last", 4242.5), false);
            for (TestWebSocketClient ws : clients) {
                String last = ws.await(f -> f.contains("\"update\"") && f.contains("4242.5"), Duration.ofSeconds(60));
                assertThat(last).contains("sensors/burst-last");
            }
        } finally {
            clients.forEach(TestWebSocketClient::close);
        }
        given().get("/q/health/live").then().statusCode(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    private static String reading(String sensor, double value) {
        return ContractWriter.write(new Reading(sensor, Quantity.POWER, value, "W", Instant.now(), (long) value));
    }
}
