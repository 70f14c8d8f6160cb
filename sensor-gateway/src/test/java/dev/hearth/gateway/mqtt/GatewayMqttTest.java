package dev.hearth.gateway.mqtt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.hearth.contract.Times;
import dev.hearth.contract.testing.ContractSchemas;
import dev.hearth.gateway.hardware.Hardware;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.Rejections;
import dev.hearth.local.testing.TestMqttClient;
import dev.hearth.transport.IncomingMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** The gateway against a real broker, watched and driven by an independent MQTT client. */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayMqttTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String BASE = "hearth/home/";
    private static final String HEATER_SET = BASE + "actuators/living-heater/set";
    private static final String HEATER_STATE = BASE + "actuators/living-heater/state";

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @Inject
    Hardware hardware;

    @Inject
    MeterRegistry registry;

    @Inject
    CommandIntake intake;

    TestMqttClient mqtt;

    @BeforeEach
    void connect() {
        mqtt = new TestMqttClient("127.0.0.1", brokerPort).subscribe("hearth/#");
    }

    @AfterEach
    void disconnect() {
        mqtt.close();
    }

    @Test
    @Order(1)
    void announcesItselfWithRetainedStatusAndManifest() {
        assertThat(mqtt.awaitOn(BASE + "gateways/sim-1/status", WAIT).payload()).isEqualTo("online");
        mqtt.awaitOn(BASE + "gateways/sim-1/manifest", WAIT);

        // A client that arrives later (a dashboard, Home Assistant) gets both from the broker's retained store.
        try (TestMqttClient late = new TestMqttClient("127.0.0.1", brokerPort).subscribe(BASE + "gateways/#")) {
            TestMqttClient.Received status = late.awaitOn(BASE + "gateways/sim-1/status", WAIT);
            assertThat(status.payload()).isEqualTo("online");
            assertThat(status.retained()).isTrue();

            TestMqttClient.Received manifest = late.awaitOn(BASE + "gateways/sim-1/manifest", WAIT);
            assertThat(manifest.retained()).isTrue();
            ContractSchemas.assertConforms(ContractSchemas.MANIFEST, manifest.payload());
            JsonObject m = new JsonObject(manifest.payload());
            // The simulated house: two rooms and outdoors, a PWM heater, a lamp on a relay, a fan on a slow-PWM relay.
            assertThat(m.getJsonArray("sensors").stream().map(s -> ((JsonObject) s).getString("id")).toList())
                    .containsExactly("bathroom-humidity", "bathroom-temp", "living-humidity", "living-illuminance", "living-light",
                            "living-temp", "living-window", "outdoor-temp");
            assertThat(m.getJsonArray("actuators").stream().map(a -> ((JsonObject) a).getString("id")).toList())
                    .containsExactly("bathroom-fan", "living-heater", "living-lamp");
        }
    }

    @Test
    @Order(2)
    void publishesContractReadingsForEverySimulatedSensor() {
        for (String sensor : new String[] { "living-temp", "living-humidity", "living-illuminance", "living-light" }) {
            TestMqttClient.Received reading = mqtt.awaitOn(BASE + "sensors/" + sensor, WAIT);
            ContractSchemas.assertConforms(ContractSchemas.READING, reading.payload());
            assertThat(new JsonObject(reading.payload()).getString("sensor")).isEqualTo(sensor);
        }
        // seq counts up per sensor
        await().atMost(WAIT).until(() -> mqtt.received(BASE + "sensors/living-temp").size() >= 3);
        long first = new JsonObject(mqtt.received(BASE + "sensors/living-temp").get(1).payload()).getLong("seq");
        long second = new JsonObject(mqtt.received(BASE + "sensors/living-temp").get(2).payload()).getLong("seq");
        assertThat(second).isEqualTo(first + 1);
    }

    @Test
    @Order(3)
    void executesACommandAndFailsSafeWhenItsTtlRunsOut() {
        String id = UUID.randomUUID().toString();
        mqtt.publish(HEATER_SET, command(id, 0.6, 1500), false);

        TestMqttClient.Received applied = mqtt.await(m -> m.topic().equals(HEATER_STATE) && m.payload().contains(id), WAIT);
        ContractSchemas.assertConforms(ContractSchemas.ACTUATOR_STATE, applied.payload());
        JsonObject state = new JsonObject(applied.payload());
        assertThat(state.getDouble("value")).isEqualTo(0.6);
        assertThat(state.getString("cause")).isEqualTo("command");
        assertThat(state.getString("source")).isEqualTo("test");
        assertThat(hardware.output("living-heater").current()).isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-6));

        TestMqttClient.Received expired = mqtt.await(m -> m.topic().equals(HEATER_STATE) && m.payload().contains("\"expired\""), WAIT);
        ContractSchemas.assertConforms(ContractSchemas.ACTUATOR_STATE, expired.payload());
        assertThat(new JsonObject(expired.payload()).getDouble("value")).isZero();
        assertThat(hardware.output("living-heater").current()).isZero();
    }

    @Test
    @Order(4)
    void rejectsBadCommandsCountsThemAndKeepsServingGoodOnes() {
        double rejectedBefore = rejectedCount();
        String duplicate = UUID.randomUUID().toString();
        mqtt.publish(HEATER_SET, "this is not json", false);
        mqtt.publish(HEATER_SET, command(UUID.randomUUID().toString(), 7.5, 60_000), false); // out of range
        mqtt.publish(HEATER_SET, "{\"id\":\"x\",\"value\":0.5,\"source\":\"test\",\"ts\":\"2020-01-01T00:00:00.000Z\",\"ttlMs\":1000}", false);
        mqtt.publish(BASE + "actuators/no-such-thing/set", command(UUID.randomUUID().toString(), 0.5, 60_000), false);
        mqtt.publish(HEATER_SET, command(duplicate, 0.3, 60_000), false);
        mqtt.publish(HEATER_SET, command(duplicate, 0.9, 60_000), false); // same id again

        await().atMost(WAIT).until(() -> rejectedCount() >= rejectedBefore + 5);
        TestMqttClient.Received good = mqtt.await(m -> m.topic().equals(HEATER_STATE) && m.payload().contains(duplicate), WAIT);
        assertThat(new JsonObject(good.payload()).getDouble("value")).isEqualTo(0.3);
        assertThat(hardware.output("living-heater").current()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(mqtt.received(HEATER_STATE)).extracting(m -> new JsonObject(m.payload()).getDouble("value"))
                .doesNotContain(0.9, 7.5);
    }

    @Test
    @Order(4)
    void refusesAndCountsEveryCommandForAnotherGatewaysActuatorAndAppliesItsOwnAfterThem() {
        // A home with two gateways: each receives the other's commands (the topic names the actuator, not its gateway).
        double rejectedBefore = rejectedCount();
        for (int i = 0; i < 3; i++) {
            mqtt.publish(BASE + "actuators/attic-fan/set", command(UUID.randomUUID().toString(), 0.5, 60_000), false);
        }
        String own = UUID.randomUUID().toString();
        mqtt.publish(HEATER_SET, command(own, 0.45, 60_000), false);

        mqtt.await(m -> m.topic().equals(HEATER_STATE) && m.payload().contains(own), WAIT);
        await().atMost(WAIT).until(() -> rejectedCount() == rejectedBefore + 3);
        assertThat(hardware.output("living-heater").current()).isCloseTo(0.45, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    @Order(4)
    void refusesACommandTheBrokerDeliversAsRetained() throws Exception {
        double rejectedBefore = rejectedCount();
        double before = hardware.output("living-heater").current();
        String id = UUID.randomUUID().toString();
        String payload = command(id, 0.7, 2_000);

        // What the gateway's subscription is handed at its next start or reconnect when someone published a command
        // with the retain flag (the broker sets it only then; a live delivery has it cleared).
        intake.handle(new IncomingMessage(HEATER_SET, payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), 1, true))
                .toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(rejectedCount()).isEqualTo(rejectedBefore + 1);
        assertThat(hardware.output("living-heater").current()).isEqualTo(before);
        // The same command live is applied: it was the flag that was refused.
        mqtt.publish(HEATER_SET, payload, false);
        mqtt.await(m -> m.topic().equals(HEATER_STATE) && m.payload().contains(id), WAIT);
        assertThat(hardware.output("living-heater").current()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    @Order(4)
    void putsBackItsRetainedTopicsWhenSomeoneClearsThem() {
        // What MQTT Explorer's "delete" does: an empty retained message. web-edge forgot every sensor and actuator of
        // the gateway when its manifest was cleared, until the gateway's next connection.
        for (String topic : List.of(BASE + "gateways/sim-1/manifest", BASE + "gateways/sim-1/status", BASE + "actuators/living-lamp/state")) {
            mqtt.publish(topic, new byte[0], true);
            try (TestMqttClient late = new TestMqttClient("127.0.0.1", brokerPort)) {
                await().atMost(WAIT).untilAsserted(() -> {
                    late.subscribe(topic);
                    assertThat(late.received(topic)).as(topic).anySatisfy(m -> assertThat(m.payload()).isNotEmpty());
                });
            }
        }
        try (TestMqttClient late = new TestMqttClient("127.0.0.1", brokerPort).subscribe(BASE + "gateways/#")) {
            ContractSchemas.assertConforms(ContractSchemas.MANIFEST, late.awaitOn(BASE + "gateways/sim-1/manifest", WAIT).payload());
            assertThat(late.awaitOn(BASE + "gateways/sim-1/status", WAIT).payload()).isEqualTo("online");
        }
    }

    @Test
    @Order(5)
    void exposesHealthAndMetrics() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200).body("status", is("UP")));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("hearth_gateway_readings_total"));
    }

    @Test
    @Order(6)
    void failsSafeWhenTheBrokerIsGoneAndReannouncesWhenItIsBack() {
        mqtt.publish(HEATER_SET, command(UUID.randomUUID().toString(), 0.8, 600_000), false);
        await().atMost(WAIT).until(() -> Math.abs(hardware.output("living-heater").current() - 0.8) < 1e-6);
        mqtt.close();

        MqttBrokerResource.stopBroker();
        // Grace is 2 s in tests: the heater must go to failsafe on its own, with no broker to tell it.
        await().atMost(WAIT).until(() -> hardware.output("living-heater").current() == 0);
        given().get("/q/health/ready").then().statusCode(503);

        // A restarted broker that lost its retained messages (and published the last will before it went down).
        MqttBrokerResource.startBrokerAgain();
        mqtt = new TestMqttClient("127.0.0.1", brokerPort).subscribe("hearth/#");
        TestMqttClient.Received status = mqtt.await(m -> m.topic().endsWith("/status") && m.payload().equals("online"), Duration.ofSeconds(20));
        assertThat(status.retained()).isFalse(); // live, not from a retained store: the gateway re-announced
        TestMqttClient.Received state = mqtt.awaitOn(HEATER_STATE, WAIT);
        ContractSchemas.assertConforms(ContractSchemas.ACTUATOR_STATE, state.payload());
        assertThat(new JsonObject(state.payload()).getString("cause")).isEqualTo("failsafe");
        assertThat(new JsonObject(state.payload()).getDouble("value")).isZero();
        mqtt.awaitOn(BASE + "gateways/sim-1/manifest", WAIT);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    @Test
    @Order(7)
    void keepsPublishingAfterASecondBrokerRestart() {
        String topic = BASE + "sensors/living-temp";
        mqtt.close();
        MqttBrokerResource.stopBroker();
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
        MqttBrokerResource.startBrokerAgain();
        mqtt = new TestMqttClient("127.0.0.1", brokerPort).subscribe(topic);
        // Live readings flow again (300 ms apart in tests), each one newer than the last.
        await().atMost(Duration.ofSeconds(20)).until(() -> mqtt.received(topic).size() >= 5);
        List<Long> seqs = mqtt.received(topic).stream().map(m -> new JsonObject(m.payload()).getLong("seq")).toList();
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).isGreaterThan(seqs.get(i - 1));
        }
    }

    @Test
    @Order(8)
    void spoolsReadingsWhileTheBrokerIsGoneAndReplaysThemInOrder() {
        String topic = BASE + "sensors/living-temp";
        await().atMost(WAIT).until(() -> mqtt.received(topic).size() >= 2);
        long lastSeq = seqs(mqtt.received(topic)).stream().mapToLong(Long::longValue).max().orElseThrow();
        mqtt.close();

        Instant stoppedAt = Instant.now();
        MqttBrokerResource.stopBroker();
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true); // about ten samples of each sensor
        Instant restartedAt = Instant.now();
        MqttBrokerResource.startBrokerAgain();
        mqtt = new TestMqttClient("127.0.0.1", brokerPort).subscribe(topic);

        // The readings taken while the gateway knew the broker was gone arrive after all, oldest first, with their
        // original time stamps; from the first one on, the sequence continues without a gap.
        await().atMost(Duration.ofSeconds(30)).until(() -> seqs(mqtt.received(topic)).size() >= 15);
        List<Long> seqs = seqs(mqtt.received(topic));
        assertThat(seqs.get(0)).isGreaterThan(lastSeq);
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).as("seq after %s", seqs.get(i - 1)).isEqualTo(seqs.get(i - 1) + 1);
        }
        // Readings sampled while no broker existed can only have come through the spool: at least those of the two
        // seconds after the watchdog noticed (one every 300 ms).
        long spooled = mqtt.received(topic).stream()
                .map(m -> Instant.parse(new JsonObject(m.payload()).getString("ts")))
                .filter(ts -> ts.isAfter(stoppedAt.plusSeconds(1)) && ts.isBefore(restartedAt))
                .count();
        assertThat(spooled).isGreaterThanOrEqualTo(4);
        mqtt.received(topic).forEach(m -> ContractSchemas.assertConforms(ContractSchemas.READING, m.payload()));
    }

    private static List<Long> seqs(List<TestMqttClient.Received> readings) {
        return readings.stream().map(m -> new JsonObject(m.payload()).getLong("seq")).toList();
    }

    private static String command(String id, double value, long ttlMs) {
        return new JsonObject().put("id", id).put("value", value).put("source", "test")
                .put("ts", Times.format(Instant.now())).put("ttlMs", ttlMs).encode();
    }

    private double rejectedCount() {
        return Rejections.total(registry, "command");
    }
}
