package dev.hearth.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.TestMqttClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** The gateway's Home Assistant discovery on a real broker: announced retained, and stale entries taken back. */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
class DiscoveryMqttTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    GatewayLifecycle lifecycle;

    @Test
    void announcesEverySensorAndActuatorRetained() {
        try (TestMqttClient ha = new TestMqttClient("127.0.0.1", MqttBrokerResource.port()).subscribe("homeassistant/#")) {
            int expected = lifecycle.manifest().sensors().size() + lifecycle.manifest().actuators().size();
            org.awaitility.Awaitility.await().atMost(WAIT).until(() -> ha.received().stream().filter(TestMqttClient.Received::retained)
                    .map(TestMqttClient.Received::topic).distinct().count() == expected);
            TestMqttClient.Received heater = ha.awaitOn("homeassistant/number/sim-1/living-heater/config", WAIT);
            assertThat(new JsonObject(heater.payload()).getString("command_topic")).isEqualTo("hearth/home/actuators/living-heater/set");
        }
    }

    @Test
    void aConfigForSomethingTheGatewayNoLongerHasIsRemoved() {
        try (TestMqttClient ha = new TestMqttClient("127.0.0.1", MqttBrokerResource.port()).subscribe("homeassistant/+/sim-1/+/config")) {
            String ghost = "homeassistant/sensor/sim-1/removed-sensor/config";
            ha.publish(ghost, "{\"name\":\"A sensor taken out of the configuration\"}", true);
            ha.await(m -> m.topic().equals(ghost) && m.payload().isEmpty(), WAIT);
        }
        try (TestMqttClient late = new TestMqttClient("127.0.0.1", MqttBrokerResource.port()).subscribe("homeassistant/sensor/sim-1/removed-sensor/config")) {
            org.awaitility.Awaitility.await().pollDelay(Duration.ofSeconds(1)).atMost(WAIT).until(() -> true);
            assertThat(late.received()).as("nothing retained any more").allMatch(m -> m.payload().isEmpty());
        }
    }
}
