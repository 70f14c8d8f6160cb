package dev.hearth.history.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import dev.hearth.local.testing.TestMqttClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A burst of 20,000 readings as fast as one publisher can send them (faster than history-service stores them): it
 * used to keep about 2,000, the broker silently dropping the rest of its queue. Every one must be stored, once.
 */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
@WithTestResource(PostgresResource.class)
class IngestBurstTest {

    private static final int BURST = 20_000;
    private static final Instant T0 = Instant.parse("2031-01-01T00:00:00Z");

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @Test
    void storesEveryReadingOfABurstExactlyOnce() throws Exception {
        // Ready means connected and subscribed (SUBACK): what is published before would not be queued for this service.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        double duplicatesBefore = duplicates();
        try (TestMqttClient publisher = new TestMqttClient("127.0.0.1", brokerPort)) {
            for (int i = 0; i < BURST; i++) {
                String sensor = "burst-" + (i % 10);
                publisher.publish("hearth/home/sensors/" + sensor, HistoryServiceTest.reading(sensor, i, T0.plusMillis(i), i), false);
            }
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> burstRows() >= BURST);
        assertThat(burstRows()).isEqualTo(BURST);
        // Exactly once: the (series, ts) key would absorb a second delivery, so count that none was even attempted.
        assertThat(duplicates()).isEqualTo(duplicatesBefore);
        assertThat(MqttBrokerResource.broker().droppedMessages()).isZero();
    }

    private double duplicates() {
        var counter = registry.find("hearth.history.ingest.duplicates").counter();
        return counter == null ? 0 : counter.count();
    }

    private static long burstRows() throws Exception {
        try (Connection c = PostgresResource.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from series_point where series like 'sensors/burst-%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
