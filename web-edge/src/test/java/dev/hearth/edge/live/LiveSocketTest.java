package dev.hearth.edge.live;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import dev.hearth.local.testing.TestMqttClient;
import dev.hearth.local.testing.TestWebSocketClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** {@code /ws/live} against a real broker: one ordered stream per connection, bounded for slow readers, and commands. */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
@WithTestResource(PostgresResource.class)
class LiveSocketTest {

    private static final String PASSWORD = "live socket password";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @TestHTTPResource("/ws/live")
    URI live;

    TestMqttClient mqtt;

    @BeforeEach
    void seed() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        mqtt = new TestMqttClient("127.0.0.1", brokerPort);
        mqtt.publish("hearth/home/gateways/gw-live/manifest", """
                {"gateway":"gw-live","version":"t","startedAt":"2026-11-25T07:00:00.000Z","sensors":[],
                 "actuators":[{"id":"desk-lamp","name":"Desk lamp","room":"study","kind":"pwm","min":0,"max":1,"unit":"ratio","failsafe":0}]}""", true);
        await().atMost(WAIT).untilAsserted(() -> given().auth().preemptive().basic("admin", "test-admin-password")
                .get("/api/actuators/desk-lamp").then().statusCode(200));
        user("live-viewer", "viewer");
        user("live-operator", "operator");
    }

    @AfterEach
    void close() {
        mqtt.close();
    }

    @Test
    void aStalledClientStaysBoundedDelaysNobodyAndCatchesUpWithTheNewestValues() throws Exception {
        int topics = 100;
        int rounds = 400;
        try (TestWebSocketClient stalled = TestWebSocketClient.connectStalled(live, basic("live-viewer"));
                TestWebSocketClient reader = TestWebSocketClient.connect(live, basic("live-viewer"))) {
            stalled.send("{\"op\":\"subscribe\",\"filters\":[\"sensors/+\"]}");
            reader.send("{\"op\":\"subscribe\",\"filters\":[\"sensors/+\"]}");
            reader.await(f -> f.contains("\"snapshot\""), WAIT);
            double replacedBefore = registry.counter("hearth.edge.ws.replaced").count();

            for (int round = 0; round < rounds; round++) {
                for (int t = 0; t < topics; t++) {
                    mqtt.publish("hearth/home/sensors/stall-" + t, reading("stall-" + t, round, round), false);
                }
            }
            // The reader keeps up: it sees the last round while the other client still reads nothing.
            for (int t = 0; t < topics; t += 33) {
                String topic = "sensors/stall-" + t;
                reader.await(f -> f.contains(topic + "\"") && f.contains("\"seq\":" + (rounds - 1)), WAIT);
            }
            assertThat(stalled.frames()).isEmpty();
            // Updates waiting for the stalled client gave way to newer ones of their topic instead of piling up.
            assertThat(registry.counter("hearth.edge.ws.replaced").count() - replacedBefore).isPositive();

            stalled.resume();
            for (int t = 0; t < topics; t++) {
                String topic = "sensors/stall-" + t;
                stalled.await(f -> f.contains(topic + "\"") && f.contains("\"seq\":" + (rounds - 1)), WAIT);
            }
            // The socket's own buffers held part of the stream before it stalled; the rest was replaced by newer values.
            assertThat(stalled.frames().get(0)).contains("\"snapshot\"");
            assertThat(stalled.frames().size()).isLessThan(topics * rounds);
        }
    }

    @Test
    void noUpdateArrivesOlderThanTheSnapshotOrAnUpdateBeforeIt() throws Exception {
        int messages = 30_000;
        Thread publisher = new Thread(() -> {
            for (int i = 0; i < messages; i++) {
                mqtt.publish("hearth/home/sensors/order-" + (i % 5), reading("order-" + (i % 5), i, i), false);
            }
        });
        publisher.start();
        try (TestWebSocketClient ws = TestWebSocketClient.connect(live, basic("live-viewer"))) {
            // Subscribe while the stream is flowing through web-edge, several times (each a new snapshot).
            await().atMost(WAIT).until(() -> given().auth().preemptive().basic("admin", "test-admin-password")
                    .get("/q/metrics").asString().contains("hearth_mqtt_messages_in_total{kind=\"reading\"}"));
            for (int i = 0; i < 5; i++) {
                ws.send("{\"op\":\"subscribe\",\"filters\":[\"sensors/+\"]}");
                ws.send("{\"op\":\"unsubscribe\",\"filters\":[\"sensors/+\"]}");
            }
            ws.send("{\"op\":\"subscribe\",\"filters\":[\"sensors/+\"]}");
            assertThat(publisher.isAlive()).as("the stream was still flowing when the client subscribed").isTrue();
            publisher.join();
            mqtt.publish("hearth/home/sensors/order-0", reading("order-0", 1e6, 1_000_000), false);
            ws.await(f -> f.contains("1000000"), WAIT);

            List<String> frames = ws.frames();
            assertThat(frames.get(0)).contains("\"snapshot\"");
            Map<String, Long> lastSeq = new HashMap<>();
            for (String text : frames) {
                JsonObject frame = new JsonObject(text);
                JsonArray items = "snapshot".equals(frame.getString("op")) ? frame.getJsonArray("items")
                        : new JsonArray().add(frame);
                for (int i = 0; i < items.size(); i++) {
                    JsonObject item = items.getJsonObject(i);
                    long seq = item.getJsonObject("payload").getLong("seq");
                    Long before = lastSeq.put(item.getString("topic"), seq);
                    assertThat(before == null || seq >= before).as("%s went from seq %s back to %s", item.getString("topic"), before, seq)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void operatorsCommandOverTheSocketAndViewersAreToldTheyMayNot() throws Exception {
        try (TestMqttClient watcher = new TestMqttClient("127.0.0.1", brokerPort).subscribe("hearth/home/actuators/desk-lamp/set");
                TestWebSocketClient operator = TestWebSocketClient.connect(live, basic("live-operator"));
                TestWebSocketClient viewer = TestWebSocketClient.connect(live, basic("live-viewer"))) {
            operator.send("{\"op\":\"command\",\"actuator\":\"desk-lamp\",\"value\":0.75,\"ttlMs\":60000,\"ref\":\"c1\"}");
            JsonObject accepted = new JsonObject(operator.await(f -> f.contains("\"c1\""), WAIT));
            assertThat(accepted.getString("op")).isEqualTo("commandAccepted");
            String sent = watcher.awaitOn("hearth/home/actuators/desk-lamp/set", WAIT).payload();
            assertThat(new JsonObject(sent).getString("id")).isEqualTo(accepted.getString("id"));
            assertThat(new JsonObject(sent).getString("source")).isEqualTo("user:live-operator");

            // Without a ref, the answer has none either (it had "ref":null, where an error leaves it out).
            operator.send("{\"op\":\"command\",\"actuator\":\"desk-lamp\",\"value\":0.5,\"ttlMs\":60000}");
            JsonObject unreferenced = new JsonObject(operator.await(f -> f.contains("commandAccepted") && !f.contains("\"c1\""), WAIT));
            assertThat(unreferenced.fieldNames()).containsExactlyInAnyOrder("op", "id");

            operator.send("{\"op\":\"command\",\"actuator\":\"desk-lamp\",\"value\":7,\"ref\":\"c2\"}");
            assertThat(operator.await(f -> f.contains("\"c2\""), WAIT)).contains("\"error\"").contains("outside");
            operator.send("{\"op\":\"command\",\"actuator\":\"nope\",\"value\":1,\"ref\":\"c3\"}");
            assertThat(operator.await(f -> f.contains("\"c3\""), WAIT)).contains("\"error\"").contains("No actuator");

            // Demoted while connected: the open socket is closed (another replica's would refuse its next command).
            user("live-demoted", "operator");
            try (TestWebSocketClient demoted = TestWebSocketClient.connect(live, basic("live-demoted"))) {
                demoted.send("{\"op\":\"ping\"}");
                demoted.await(f -> f.contains("pong"), WAIT);
                given().auth().preemptive().basic("admin", "test-admin-password").contentType("application/json")
                        .body("{\"role\":\"viewer\"}").patch("/api/users/live-demoted").then().statusCode(200);
                await().atMost(WAIT).until(() -> !demoted.isOpen());
            } finally {
                given().auth().preemptive().basic("admin", "test-admin-password").delete("/api/users/live-demoted");
            }

            viewer.send("{\"op\":\"command\",\"actuator\":\"desk-lamp\",\"value\":1,\"ref\":\"v1\"}");
            assertThat(viewer.await(f -> f.contains("\"v1\""), WAIT)).contains("\"error\"").contains("operator role");
            viewer.send("{\"op\":\"ping\"}");
            viewer.await(f -> f.contains("pong"), WAIT);
            assertThat(watcher.received("hearth/home/actuators/desk-lamp/set")).as("the operator's two, none of the viewer's").hasSize(2);
        }
    }

    @Test
    void theSocketsOfADeletedUserAndOfARevokedTokenAreClosed() throws Exception {
        user("live-leaving", "viewer");
        String token = given().auth().preemptive().basic("live-viewer", PASSWORD).contentType("application/json")
                .body("{\"name\":\"ws-" + System.nanoTime() + "\"}").post("/api/tokens").then().statusCode(201).extract().path("token");
        String tokenId = token.substring(4, 16);
        try (TestWebSocketClient leaving = TestWebSocketClient.connect(live, basic("live-leaving"));
                TestWebSocketClient byToken = TestWebSocketClient.connect(live, Map.of("Authorization", "Bearer " + token));
                TestWebSocketClient staying = TestWebSocketClient.connect(live, basic("live-viewer"))) {
            for (TestWebSocketClient ws : List.of(leaving, byToken, staying)) {
                ws.send("{\"op\":\"ping\"}");
                ws.await(f -> f.contains("pong"), WAIT);
            }
            given().auth().preemptive().basic("admin", "test-admin-password").delete("/api/users/live-leaving").then().statusCode(204);
            await().atMost(WAIT).until(() -> !leaving.isOpen());
            given().auth().preemptive().basic("live-viewer", PASSWORD).delete("/api/tokens/" + tokenId).then().statusCode(204);
            await().atMost(WAIT).until(() -> !byToken.isOpen());
            // The same user's other socket (opened with a password) goes on.
            staying.send("{\"op\":\"ping\"}");
            await().atMost(WAIT).until(() -> staying.frames().stream().filter(f -> f.contains("pong")).count() == 2);
            assertThat(staying.isOpen()).isTrue();
        }
    }

    @Test
    void aConnectionHoldsAtMostSixtyFourFilters() throws Exception {
        try (TestWebSocketClient ws = TestWebSocketClient.connect(live, basic("live-viewer"))) {
            for (int i = 0; i < 64; i++) {
                ws.send("{\"op\":\"subscribe\",\"filters\":[\"sensors/f" + i + "\"]}");
            }
            ws.send("{\"op\":\"subscribe\",\"filters\":[\"sensors/one-more\"]}");
            assertThat(ws.await(f -> f.contains("\"error\""), WAIT)).contains("at most 64 filters per connection");
            ws.send("{\"op\":\"unsubscribe\",\"filters\":[\"sensors/f0\"]}");
            ws.send("{\"op\":\"subscribe\",\"filters\":[\"sensors/one-more\"]}");
            ws.send("{\"op\":\"ping\"}");
            ws.await(f -> f.contains("pong"), WAIT);
            assertThat(ws.frames().stream().filter(f -> f.contains("\"error\""))).hasSize(1);
        }
    }

    private static void user(String name, String role) {
        int status = given().auth().preemptive().basic("admin", "test-admin-password").contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}")
                .post("/api/users").statusCode();
        assertThat(status).isIn(201, 409);
    }

    private static Map<String, String> basic(String user) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }

    private static String reading(String sensor, double value, long seq) {
        return ContractWriter.write(new Reading(sensor, Quantity.POWER, value, "W", Instant.now(), seq));
    }
}
