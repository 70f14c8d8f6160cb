package dev.hearth.edge.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.hearth.contract.testing.InvalidPayloadCorpus;
import dev.hearth.contract.topic.HomeTopics;
import dev.hearth.contract.topic.TopicKind;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import dev.hearth.local.testing.Rejections;
import dev.hearth.local.testing.TestMqttClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The contract's corpus of invalid payloads for every kind of state web-edge keeps, fed to its real MQTT intake
 * between good readings: each bad one is counted by kind and reason, none replaces a good value, and the intake keeps
 * taking good ones.
 */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
@WithTestResource(PostgresResource.class)
class StateCorpusTest {

    private static final List<TopicKind> KEPT = List.of(TopicKind.GATEWAY_STATUS, TopicKind.MANIFEST, TopicKind.READING,
            TopicKind.ACTUATOR_STATE, TopicKind.LOOP_CONFIG, TopicKind.LOOP_STATUS);

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @Inject
    MeterRegistry registry;

    @Test
    void rejectsEveryInvalidPayloadByKindAndReasonAndKeepsTheGoodValues() {
        // Ready means connected and subscribed (SUBACK): what is published before would not be queued for this service.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        HomeTopics topics = new HomeTopics("home");
        // An empty payload is how MQTT clears a retained value: web-edge forgets the value, it is not a rejection.
        List<InvalidPayloadCorpus.Case> corpus = InvalidPayloadCorpus.of(KEPT.toArray(TopicKind[]::new)).stream()
                .filter(c -> c.payload().length > 0).toList();
        Map<TopicKind, Map<String, Double>> before = new java.util.EnumMap<>(TopicKind.class);
        KEPT.forEach(k -> before.put(k, Rejections.byReason(registry, k.code())));
        double last = 0;
        try (TestMqttClient mqtt = new TestMqttClient("127.0.0.1", brokerPort)) {
            for (int i = 0; i < corpus.size(); i++) {
                InvalidPayloadCorpus.Case c = corpus.get(i);
                mqtt.publish(topics.topic(c.kind(), "corpus-1"), c.payload(), false);
                if (i % 20 == 0) {
                    last = 10 + i / 100.0;
                    mqtt.publish(topics.reading("corpus-temp"), WebEdgeTest.reading("corpus-temp", last, Instant.now()), false);
                }
            }
            // A gateway announcing the sensor, so the REST view shows its last good reading.
            mqtt.publish(topics.manifest("corpus-gw"), InvalidPayloadCorpus.base(TopicKind.MANIFEST)
                    .replace("\"sim-1\"", "\"corpus-gw\"").replace("\"living-temp\"", "\"corpus-temp\""), true);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (TopicKind kind : KEPT) {
                assertThat(Rejections.delta(before.get(kind), Rejections.byReason(registry, kind.code()))).as(kind.code())
                        .isEqualTo(InvalidPayloadCorpus.countByReason(corpus.stream().filter(c -> c.kind() == kind).toList()));
            }
        });
        float expected = (float) last;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> WebEdgeTest.auth().get("/api/sensors/corpus-temp").then()
                .statusCode(200).body("reading.value", is(expected)));
        // Leave the home as it was for the other tests: clearing the retained manifest removes the gateway.
        try (TestMqttClient mqtt = new TestMqttClient("127.0.0.1", brokerPort)) {
            mqtt.publish(topics.manifest("corpus-gw"), new byte[0], true);
            mqtt.publish(topics.reading("corpus-temp"), new byte[0], true);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> WebEdgeTest.auth().get("/api/sensors/corpus-temp").then().statusCode(404));
    }
}
