package dev.hearth.control.mqtt;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.hearth.contract.testing.InvalidPayloadCorpus;
import dev.hearth.contract.topic.TopicKind;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.Rejections;
import dev.hearth.local.testing.TestMqttClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * The contract's whole corpus of invalid readings, fed to control-service's real MQTT intake between good readings:
 * each bad one is counted by its reason, none reaches the loop, and the loop keeps ticking on the good ones.
 */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
class ReadingCorpusTest {

    private static final String TEMP = "hearth/home/sensors/living-temp";
    private static final String STATUS = "hearth/home/loops/living-climate/status";

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @Inject
    MeterRegistry registry;

    @Test
    void rejectsEveryInvalidReadingByReasonAndKeepsControllingOnTheGoodOnes() {
        // Ready means connected and subscribed (SUBACK): what is published before would not be queued for this service.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        List<InvalidPayloadCorpus.Case> corpus = InvalidPayloadCorpus.of(TopicKind.READING);
        Map<String, Double> before = Rejections.byReason(registry, "reading");
        try (TestMqttClient mqtt = new TestMqttClient("127.0.0.1", brokerPort).subscribe(STATUS)) {
            for (int i = 0; i < corpus.size(); i++) {
                mqtt.publish(TEMP, corpus.get(i).payload(), false);
                if (i % 10 == 0) {
                    mqtt.publish(TEMP, ControlServiceMqttTest.reading(18 + i / 100.0), false);
                }
            }
            mqtt.publish(TEMP, ControlServiceMqttTest.reading(19.25), false);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Rejections.delta(before, Rejections.byReason(registry, "reading")))
                    .isEqualTo(InvalidPayloadCorpus.countByReason(corpus)));
            // The loop still ticks, on the last good reading.
            TestMqttClient.Received tick = mqtt.await(m -> m.payload().contains("\"pv\":19.25"), Duration.ofSeconds(10));
            assertThat(new JsonObject(tick.payload()).getString("state")).isIn("ok", "saturated");
        }
    }
}
