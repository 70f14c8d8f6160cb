package dev.hearth.control.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.Manifest;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.contract.testing.ContractSchemas;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.Rejections;
import dev.hearth.local.testing.TestMqttClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Loops changed live over MQTT ({@code loops/{id}/config/set}) on a real broker: applied, answered on
 * {@code config/result}, republished retained (also to a broker that restarted and forgot it), refused with a reason
 * that leaves the old config in place. Each test works on loops of its own, so the order does not matter.
 */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
class LoopChangesMqttTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String BASE = "hearth/home/";

    @Inject
    MeterRegistry registry;

    TestMqttClient mqtt;

    @BeforeEach
    void connect() {
        mqtt = new TestMqttClient("127.0.0.1", MqttBrokerResource.port()).subscribe("hearth/#");
        Manifest manifest = new Manifest("test-gw", "1", Instant.now(),
                List.of(sensor("study-temp", Quantity.TEMPERATURE), sensor("hall-temp", Quantity.TEMPERATURE),
                        sensor("porch-lux", Quantity.ILLUMINANCE)),
                List.of(actuator("study-heater", ActuatorKind.PWM), actuator("hall-heater", ActuatorKind.RELAY),
                        actuator("porch-lamp", ActuatorKind.RELAY)));
        mqtt.publish(BASE + "gateways/test-gw/manifest", ContractWriter.write(manifest), true);
    }

    @AfterEach
    void disconnect() {
        mqtt.close();
    }

    private static Manifest.Sensor sensor(String id, Quantity quantity) {
        return new Manifest.Sensor(id, id, "test", quantity, quantity == Quantity.TEMPERATURE ? "°C" : "lx", 300);
    }

    private static Manifest.Actuator actuator(String id, ActuatorKind kind) {
        return new Manifest.Actuator(id, id, "test", kind, 0, 1, "", 0);
    }

    private JsonObject change(String loop, String requestId, String json) {
        mqtt.publish(BASE + "loops/" + loop + "/config/set", json, false);
        TestMqttClient.Received result = mqtt.await(m -> m.topic().equals(BASE + "loops/" + loop + "/config/result")
                && m.payload().contains("\"requestId\":\"" + requestId + "\""), WAIT);
        ContractSchemas.assertConforms(ContractSchemas.LOOP_CONFIG_RESULT, result.payload());
        assertThat(result.retained()).isFalse();
        return new JsonObject(result.payload());
    }

    /** The retained config as a client connecting now gets it (within 2 s), or null when there is none. */
    private JsonObject retainedConfig(String loop) {
        String topic = BASE + "loops/" + loop + "/config";
        try (TestMqttClient late = new TestMqttClient("127.0.0.1", MqttBrokerResource.port()).subscribe(topic)) {
            await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> true);
            List<TestMqttClient.Received> got = late.received(topic).stream().filter(m -> !m.payload().isEmpty()).toList();
            if (got.isEmpty()) {
                return null;
            }
            String payload = got.get(got.size() - 1).payload();
            ContractSchemas.assertConforms(ContractSchemas.LOOP_CONFIG, payload);
            return new JsonObject(payload);
        }
    }

    private void reading(String sensor, Quantity quantity, double value) {
        mqtt.publish(BASE + "sensors/" + sensor, ContractWriter.write(new Reading(sensor, quantity, value,
                quantity == Quantity.TEMPERATURE ? "°C" : "lx", Instant.now(), 1)), false);
    }

    @Test
    void createsChangesAndRemovesALoopLive() {
        JsonObject created = change("study-climate", "c1", "{\"requestId\":\"c1\",\"kind\":\"pid\",\"sensor\":\"study-temp\","
                + "\"actuator\":\"study-heater\",\"setpoint\":20,\"setpointMin\":5,\"setpointMax\":30,\"kp\":0.5,\"ki\":0.01,\"sampleMs\":300}");
        assertThat(created.getBoolean("accepted")).as(created.encode()).isTrue();
        reading("study-temp", Quantity.TEMPERATURE, 15);
        TestMqttClient.Received command = mqtt.await(m -> m.topic().equals(BASE + "actuators/study-heater/set"), WAIT);
        assertThat(new JsonObject(command.payload()).getLong("ttlMs")).isEqualTo(900);

        JsonObject changed = change("study-climate", "c2", "{\"requestId\":\"c2\",\"setpoint\":22.5}");
        assertThat(changed.getBoolean("accepted")).isTrue();
        assertThat(retainedConfig("study-climate").getDouble("setpoint")).isEqualTo(22.5);
        mqtt.await(m -> m.topic().equals(BASE + "loops/study-climate/status") && m.payload().contains("\"sp\":22.5"), WAIT);

        assertThat(change("study-climate", "c3", "{\"requestId\":\"c3\",\"remove\":true}").getBoolean("accepted")).isTrue();
        assertThat(retainedConfig("study-climate")).isNull();
        // Fresh readings keep coming, but a removed loop commands nothing any more (one may have been on its way).
        int commandsAtRemoval = mqtt.received(BASE + "actuators/study-heater/set").size();
        for (int i = 0; i < 6; i++) {
            reading("study-temp", Quantity.TEMPERATURE, 15);
            await().pollDelay(Duration.ofMillis(250)).atMost(WAIT).until(() -> true);
        }
        assertThat(mqtt.received(BASE + "actuators/study-heater/set")).hasSizeLessThanOrEqualTo(commandsAtRemoval + 1);
    }

    @Test
    void aRefusedChangeSaysWhyAndKeepsTheOldConfig() {
        change("hall-thermostat", "h1", "{\"requestId\":\"h1\",\"kind\":\"hysteresis\",\"sensor\":\"hall-temp\",\"actuator\":\"hall-heater\","
                + "\"setpoint\":19,\"setpointMin\":5,\"setpointMax\":25,\"coldTolerance\":0.3,\"hotTolerance\":0.3,\"sampleMs\":300}");
        double refusedBefore = registry.counter("hearth.control.changes", "outcome", "refused").count();

        JsonObject outside = change("hall-thermostat", "h2", "{\"requestId\":\"h2\",\"setpoint\":40}");
        assertThat(outside.getBoolean("accepted")).isFalse();
        assertThat(outside.getString("reason")).contains("setpoint 40.0 is outside 5.0..25.0");

        JsonObject otherKind = change("hall-thermostat", "h3", "{\"requestId\":\"h3\",\"kind\":\"pid\",\"kp\":1}");
        assertThat(otherKind.getString("reason")).contains("kind of a loop does not change");

        JsonObject taken = change("second-hall", "h4", "{\"requestId\":\"h4\",\"kind\":\"threshold\",\"sensor\":\"hall-temp\","
                + "\"actuator\":\"hall-heater\",\"setpoint\":19}");
        assertThat(taken.getString("reason")).contains("already driven by loop 'hall-thermostat'");

        assertThat(retainedConfig("hall-thermostat").getDouble("setpoint")).isEqualTo(19);
        assertThat(registry.counter("hearth.control.changes", "outcome", "refused").count() - refusedBefore).isEqualTo(3);
    }

    @Test
    void aMalformedChangeIsCountedAndAnsweredWithTheContractsReason() {
        double before = Rejections.total(registry, "loop-config-set");
        mqtt.publish(BASE + "loops/hall-thermostat/config/set", "{\"requestId\":\"bad-1\",\"setpoint\":\"hot\"}", false);
        TestMqttClient.Received result = mqtt.await(m -> m.topic().equals(BASE + "loops/hall-thermostat/config/result")
                && m.payload().contains("must be a number") && m.payload().contains("\"requestId\":\"bad-1\""), WAIT);
        assertThat(new JsonObject(result.payload()).getBoolean("accepted")).isFalse();
        assertThat(Rejections.total(registry, "loop-config-set") - before).isEqualTo(1);
    }

    @Test
    void aThresholdLoopSwitchesTheLampWhenItGetsDark() {
        change("porch-light", "p1", "{\"requestId\":\"p1\",\"kind\":\"threshold\",\"sensor\":\"porch-lux\",\"actuator\":\"porch-lamp\","
                + "\"setpoint\":40,\"holdMs\":0,\"sampleMs\":300}");
        reading("porch-lux", Quantity.ILLUMINANCE, 300);
        mqtt.await(m -> m.topic().equals(BASE + "actuators/porch-lamp/set") && new JsonObject(m.payload()).getDouble("value") == 0, WAIT);
        reading("porch-lux", Quantity.ILLUMINANCE, 10);
        mqtt.await(m -> m.topic().equals(BASE + "actuators/porch-lamp/set") && new JsonObject(m.payload()).getDouble("value") == 1, WAIT);
    }

    @Test
    void aBrokerThatRestartedWithoutItsRetainedMessagesGetsTheChangedConfigBack() {
        change("study-lamp", "s1", "{\"requestId\":\"s1\",\"kind\":\"threshold\",\"sensor\":\"study-temp\",\"actuator\":\"study-heater\","
                + "\"setpoint\":10,\"sampleMs\":300}");
        change("study-lamp", "s2", "{\"requestId\":\"s2\",\"setpoint\":12}");
        mqtt.close();
        MqttBrokerResource.stopBroker();
        MqttBrokerResource.startBrokerAgain();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonObject config = retainedConfig("study-lamp");
            return config != null && config.getDouble("setpoint") == 12;
        });
        mqtt = new TestMqttClient("127.0.0.1", MqttBrokerResource.port()).subscribe("hearth/#");
        change("study-lamp", "s3", "{\"requestId\":\"s3\",\"remove\":true}");
    }
}
