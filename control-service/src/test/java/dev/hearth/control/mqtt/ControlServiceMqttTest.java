package dev.hearth.control.mqtt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hearth.contract.json.ContractWriter;
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

/** control-service against a real broker: readings in, contract Commands, LoopConfig and LoopStatus out. */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
class ControlServiceMqttTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String BASE = "hearth/home/";
    private static final String SET = BASE + "actuators/living-heater/set";
    private static final String STATUS = BASE + "loops/living-climate/status";

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

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
    void publishesItsLoopConfigRetained() {
        TestMqttClient.Received config = mqtt.awaitOn(BASE + "loops/living-climate/config", WAIT);
        assertThat(config.retained()).isTrue();
        ContractSchemas.assertConforms(ContractSchemas.LOOP_CONFIG, config.payload());
        assertThat(new JsonObject(config.payload()).getDouble("setpoint")).isEqualTo(21.0);
    }

    @Test
    void aColdRoomGetsHeatCommandsWithATtlAndStopsWhenReadingsStop() {
        for (int i = 0; i < 5; i++) {
            mqtt.publish(BASE + "sensors/living-temp", reading(17.0 + i * 0.01), true);
        }
        TestMqttClient.Received command = mqtt.awaitOn(SET, WAIT);
        ContractSchemas.assertConforms(ContractSchemas.COMMAND, command.payload());
        JsonObject c = new JsonObject(command.payload());
        assertThat(c.getDouble("value")).isGreaterThan(0).isLessThanOrEqualTo(1);
        assertThat(c.getString("source")).isEqualTo("loop:living-climate");
        assertThat(c.getLong("ttlMs")).isEqualTo(900); // three sample periods of 300 ms
        assertThat(command.retained()).isFalse();

        TestMqttClient.Received status = mqtt.await(m -> m.topic().equals(STATUS) && m.payload().contains("\"pv\":17"), WAIT);
        ContractSchemas.assertConforms(ContractSchemas.LOOP_STATUS, status.payload());

        // No readings any more: the loop reports stale input and stops commanding, so the gateway fails safe.
        TestMqttClient.Received stale = mqtt.await(m -> m.topic().equals(STATUS) && m.payload().contains("stale-input"), WAIT);
        ContractSchemas.assertConforms(ContractSchemas.LOOP_STATUS, stale.payload());
        int commandsAtStale = mqtt.received(SET).size();
        await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
        assertThat(mqtt.received(SET)).hasSize(commandsAtStale);
    }

    @Test
    void rejectsMalformedReadingsAndKeepsUsingGoodOnes() {
        mqtt.publish(BASE + "sensors/living-temp", "{not json", false);
        mqtt.publish(BASE + "sensors/living-temp", "{\"sensor\":\"living-temp\",\"value\":\"hot\"}", false);
        mqtt.publish(BASE + "sensors/living-temp", "{\"sensor\":\"other\",\"value\":20}", false);
        await().atMost(WAIT).until(() -> rejected() >= 3);
        mqtt.publish(BASE + "sensors/living-temp", reading(25.0), false);
        TestMqttClient.Received hot = mqtt.await(m -> m.topic().equals(STATUS) && m.payload().contains("\"pv\":25"), WAIT);
        // Too warm: the heater is commanded to its minimum.
        assertThat(new JsonObject(hot.payload()).getDouble("out")).isZero();
    }

    @Test
    void aReadingStampedFarAheadIsRejectedAndDoesNotHideTheGoodOnesAfterIt() {
        double before = rejected();
        double badTimeBefore = Rejections.byReason(registry, "reading").getOrDefault("bad-time", 0.0);
        // A gateway whose clock ran a year ahead, or any tool on the topic: held as the newest, it would make every
        // correct reading after it look older, and the loop stale until the wall clock caught up.
        mqtt.publish(BASE + "sensors/living-temp", ContractWriter.write(new Reading("living-temp", Quantity.TEMPERATURE, 30.0, "°C",
                Instant.now().plus(Duration.ofDays(365)), 1)), false);
        await().atMost(WAIT).until(() -> rejected() == before + 1);
        assertThat(Rejections.byReason(registry, "reading").get("bad-time")).isEqualTo(badTimeBefore + 1);

        mqtt.publish(BASE + "sensors/living-temp", reading(16.5), false);
        TestMqttClient.Received cold = mqtt.await(m -> m.topic().equals(STATUS) && m.payload().contains("\"pv\":16.5"), WAIT);
        assertThat(new JsonObject(cold.payload()).getString("state")).isNotEqualTo("stale-input");
    }

    @Test
    void isReadyWithItsBroker() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200).body("status", is("UP")));
    }

    private double rejected() {
        return Rejections.total(registry, "reading");
    }

    static String reading(double value) {
        return ContractWriter.write(new Reading("living-temp", Quantity.TEMPERATURE, value, "°C", Instant.now(), 1));
    }
}
