package dev.hearth.history.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.hearth.contract.Times;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import dev.hearth.local.testing.TestMqttClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/**
 * Faults in the middle of a stream of readings: PostgreSQL stopped for 30 s, then the broker restarted (with its
 * persistence, as deploy/'s Mosquitto runs). Afterwards every reading the broker acknowledged is stored exactly once,
 * and the service is ready again without anyone touching it.
 */
@QuarkusTest
@WithTestResource(value = MqttBrokerResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class StreamFaultsTest {

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    /** Publishes readings at about 100/s, each until the broker acknowledges it (like the gateway and its spool). */
    private final class Publisher extends Thread {
        final Set<Long> acknowledged = new ConcurrentSkipListSet<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        private final Instant t0 = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

        @Override
        public void run() {
            long seq = 0;
            TestMqttClient client = null;
            while (running.get()) {
                try {
                    if (client == null) {
                        client = new TestMqttClient("127.0.0.1", brokerPort);
                    }
                    client.publish("hearth/home/sensors/fault-temp", new JsonObject().put("sensor", "fault-temp")
                            .put("quantity", "temperature").put("value", 20 + seq % 7).put("unit", "°C")
                            .put("ts", Times.format(t0.plusMillis(seq * 250))).put("seq", seq).encode(), false);
                    acknowledged.add(seq++);
                    Thread.sleep(10);
                } catch (RuntimeException e) {
                    // The broker is away: try the same reading again shortly.
                    closeQuietly(client);
                    client = null;
                    pause(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
            closeQuietly(client);
        }

        private void closeQuietly(TestMqttClient client) {
            try {
                if (client != null) {
                    client.close();
                }
            } catch (RuntimeException ignored) {
                // already gone
            }
        }

        private void pause(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void storesEveryAcknowledgedReadingExactlyOnceThroughADatabaseOutageAndABrokerRestart() throws Exception {
        Publisher publisher = new Publisher();
        publisher.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> stored() > 200);

            PostgresResource.stopDatabase();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503));
            Thread.sleep(30_000);
            long acknowledgedDuringOutage = publisher.acknowledged.size();
            PostgresResource.startDatabaseAgain();
            await().atMost(Duration.ofSeconds(60)).until(() -> stored() >= acknowledgedDuringOutage);

            MqttBrokerResource.restartBrokerKeepingItsData();
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.acknowledged.size() > acknowledgedDuringOutage + 300);
        } finally {
            publisher.running.set(false);
            publisher.join(10_000);
        }
        long acknowledged = publisher.acknowledged.size();
        await().atMost(Duration.ofSeconds(60)).until(() -> stored() >= acknowledged);
        assertThat(acknowledged).isGreaterThan(3000);
        try (Connection c = PostgresResource.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*), count(distinct seq), min(seq), max(seq) from series_point"
                        + " where series = 'sensors/fault-temp'")) {
            rs.next();
            // Every acknowledged seq, from 0 on, once each (a reading the publisher sent again after a lost PUBACK
            // is the same row).
            assertThat(rs.getLong(1)).isEqualTo(rs.getLong(2));
            assertThat(rs.getLong(3)).isZero();
            assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(acknowledged).isEqualTo(rs.getLong(4) + 1);
        }
        try (Connection c = PostgresResource.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select (select sum(count) from rollup_1m where series = 'sensors/fault-temp'),"
                        + " (select sum(count) from rollup_1h where series = 'sensors/fault-temp')")) {
            rs.next();
            // The rollups agree with the raw readings: they were written in the same transactions.
            assertThat(rs.getLong(1)).isEqualTo(stored());
            assertThat(rs.getLong(2)).isEqualTo(stored());
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    private static long stored() throws Exception {
        try (Connection c = PostgresResource.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from series_point where series = 'sensors/fault-temp'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
