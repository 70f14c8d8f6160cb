package dev.hearth.gateway.mqtt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.assertj.core.data.Offset;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Command;
import dev.hearth.contract.testing.InvalidPayloadCorpus;
import dev.hearth.contract.topic.TopicKind;
import dev.hearth.gateway.hardware.Hardware;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.Rejections;
import dev.hearth.local.testing.TestMqttClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The contract's whole corpus of invalid commands, fed to the gateway's real MQTT intake with good commands between
 * them: each bad one is counted by its reason, no output moves because of one, and every good one is applied.
 */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
class CommandCorpusTest {

    private static final String HEATER_SET = "hearth/home/actuators/living-heater/set";

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @Inject
    Hardware hardware;

    @Inject
    MeterRegistry registry;

    @Test
    void rejectsEveryInvalidCommandByReasonAndAppliesEveryGoodOneBetweenThem() {
        // Ready means connected and subscribed (SUBACK): what is published before would not be queued for this service.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        List<InvalidPayloadCorpus.Case> corpus = InvalidPayloadCorpus.of(TopicKind.COMMAND);
        Map<String, Double> before = Rejections.byReason(registry, "command");
        double appliedBefore = applied();
        int good = 0;
        double lastGood = 0;
        try (TestMqttClient mqtt = new TestMqttClient("127.0.0.1", brokerPort).subscribe("hearth/home/actuators/+/state")) {
            for (int i = 0; i < corpus.size(); i++) {
                mqtt.publish(HEATER_SET, corpus.get(i).payload(), false);
                if (i % 10 == 0) {
                    lastGood = (good % 10) / 10.0;
                    mqtt.publish(HEATER_SET, ContractWriter.write(new Command(UUID.randomUUID().toString(), lastGood, "user:test",
                            Instant.now(), 600_000L)), false);
                    good++;
                }
            }
            int goodCommands = good;
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(Rejections.delta(before, Rejections.byReason(registry, "command")))
                        .isEqualTo(InvalidPayloadCorpus.countByReason(corpus));
                assertThat(applied() - appliedBefore).isEqualTo(goodCommands);
            });
        }
        assertThat(hardware.output("living-heater").current()).isCloseTo(lastGood, Offset.offset(1e-9));
    }

    private double applied() {
        return registry.find("hearth.gateway.commands.applied").counters().stream().mapToDouble(c -> c.count()).sum();
    }
}
