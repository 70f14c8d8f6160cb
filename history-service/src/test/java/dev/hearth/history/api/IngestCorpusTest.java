package dev.hearth.history.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.hearth.contract.testing.InvalidPayloadCorpus;
import dev.hearth.contract.topic.TopicKind;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import dev.hearth.local.testing.Rejections;
import dev.hearth.local.testing.TestMqttClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The contract's corpus of invalid readings and actuator states, fed to history-service's real MQTT intake between
 * good readings: each bad one is counted by its reason and acknowledged (never retried), and every good one is stored.
 */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
@WithTestResource(PostgresResource.class)
class IngestCorpusTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @Inject
    MeterRegistry registry;

    @Test
    void rejectsEveryInvalidPayloadByReasonAndStoresEveryGoodOneBetweenThem() throws Exception {
        // Ready means connected and subscribed (SUBACK): what is published before would not be queued for this service.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        List<InvalidPayloadCorpus.Case> corpus = InvalidPayloadCorpus.of(TopicKind.READING, TopicKind.ACTUATOR_STATE);
        Map<String, Double> readingsBefore = Rejections.byReason(registry, "reading");
        Map<String, Double> statesBefore = Rejections.byReason(registry, "actuator-state");
        int good = 0;
        try (TestMqttClient mqtt = new TestMqttClient("127.0.0.1", brokerPort)) {
            for (int i = 0; i < corpus.size(); i++) {
                InvalidPayloadCorpus.Case c = corpus.get(i);
                mqtt.publish(c.kind() == TopicKind.READING ? "hearth/home/sensors/corpus-temp" : "hearth/home/actuators/corpus-heater/state",
                        c.payload(), false);
                if (i % 10 == 0) {
                    mqtt.publish("hearth/home/sensors/corpus-temp", HistoryServiceTest.reading("corpus-temp", i, T0.plusSeconds(i), i), false);
                    good++;
                }
            }
        }
        int stored = good;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Rejections.delta(readingsBefore, Rejections.byReason(registry, "reading")))
                    .isEqualTo(InvalidPayloadCorpus.countByReason(InvalidPayloadCorpus.of(TopicKind.READING)));
            assertThat(Rejections.delta(statesBefore, Rejections.byReason(registry, "actuator-state")))
                    .isEqualTo(InvalidPayloadCorpus.countByReason(InvalidPayloadCorpus.of(TopicKind.ACTUATOR_STATE)));
            assertThat(HistoryServiceTest.rowCount("sensors/corpus-temp")).isEqualTo(stored);
        });
    }
}
