package dev.hearth.control.mqtt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.TestMqttClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A burst of 20,000 readings as fast as one publisher can send them: control-service's intake must not die (it did,
 * with SmallRye's "overflow buffer is full"); the loop goes on ticking on the latest reading.
 */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
class ReadingBurstTest {

    private static final String TEMP = "hearth/home/sensors/living-temp";
    private static final String STATUS = "hearth/home/loops/living-climate/status";

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @Test
    void keepsControllingAfterABurstOfTwentyThousandReadings() {
        // Ready means connected and subscribed (SUBACK): what is published before would not be queued for this service.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        try (TestMqttClient publisher = new TestMqttClient("127.0.0.1", brokerPort);
                TestMqttClient watcher = new TestMqttClient("127.0.0.1", brokerPort).subscribe(STATUS)) {
            for (int i = 0; i < 20_000; i++) {
                publisher.publish(TEMP, ControlServiceMqttTest.reading(15 + (i % 100) / 100.0), false);
            }
            publisher.publish(TEMP, ControlServiceMqttTest.reading(23.75), false);
            TestMqttClient.Received after = watcher.await(m -> m.payload().contains("\"pv\":23.75"), Duration.ofSeconds(30));
            int ticks = watcher.received(STATUS).size();
            // Still ticking (every 300 ms in tests) after the burst.
            watcher.await(m -> watcher.received(STATUS).size() > ticks + 2, Duration.ofSeconds(10));
            assertThat(after.payload()).doesNotContain("stale-input"); // too warm: "saturated" at output 0
        }
    }
}
