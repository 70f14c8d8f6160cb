package dev.hearth.history.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import dev.hearth.contract.Times;
import dev.hearth.local.testing.MosquittoBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import dev.hearth.local.testing.TestMqttClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * With a share group, history-service is one member of {@code $share/history/…}: with another member (here a plain
 * MQTT client standing in for a second replica) each reading goes to exactly one of them, and when the other member
 * leaves, this one takes everything. On Debian's mosquitto, as the scale-out layout runs on a broker other than the
 * embedded HiveMQ CE: that one delivered 1 of 2,000 readings to this test's two members in 20 s in a CI run
 * (2026-11-28), the shared-subscription stall ScaleOutE2ETest met before. Skipped where mosquitto is not installed
 * (.ci/run installs it, and fails if it cannot).
 */
@EnabledIf(value = "dev.hearth.local.stack.MosquittoBroker#available", disabledReason = "needs Debian's mosquitto (.ci/run installs it)")
@QuarkusTest
@TestProfile(SharedSubscriptionTest.Shared.class)
@WithTestResource(value = MosquittoBrokerResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class SharedSubscriptionTest {

    public static class Shared implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("hearth.mqtt.share-group", "history");
        }
    }

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @Test
    void splitsTheStreamWithAnotherMemberAndTakesItAllWhenItLeaves() throws Exception {
        Instant t0 = Instant.now().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Set<Long> otherGot = new HashSet<>();
        try (TestMqttClient other = new TestMqttClient("127.0.0.1", brokerPort);
                TestMqttClient publisher = new TestMqttClient("127.0.0.1", brokerPort)) {
            other.subscribe("$share/history/hearth/home/sensors/+", 1);
            for (int seq = 0; seq < 2000; seq++) {
                publisher.publish("hearth/home/sensors/shared-temp", reading(seq, t0), false);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(stored().size() + other.received().size())
                    .as("stored %s, taken by the other member %s", stored().size(), other.received().size()).isEqualTo(2000));
            other.received().forEach(r -> otherGot.add(new JsonObject(r.payload()).getLong("seq")));
        }
        Set<Long> stored = stored();
        // Each reading went to exactly one member: had the service subscribed outside the group, both would have had
        // all 2,000. (How the broker splits is its own business.)
        assertThat(java.util.Collections.disjoint(otherGot, stored)).as("no reading went to both").isTrue();
        assertThat(stored.size() + otherGot.size()).isEqualTo(2000);

        // The other member has left. The broker notices in its own time (a reading sent to the leaving member is
        // gone with it), so: readings until history-service takes one, then 100 more, all of which it must take.
        try (TestMqttClient publisher = new TestMqttClient("127.0.0.1", brokerPort)) {
            long seq = 2000;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (stored().stream().noneMatch(s -> s >= 2000) && System.nanoTime() < deadline) {
                publisher.publish("hearth/home/sensors/shared-temp", reading(seq++, t0), false);
                Thread.sleep(50);
            }
            assertThat(stored()).as("history-service takes readings once the other member left").anyMatch(s -> s >= 2000);
            long first = seq;
            for (int i = 0; i < 100; i++) {
                publisher.publish("hearth/home/sensors/shared-temp", reading(seq++, t0), false);
            }
            long last = seq;
            await().atMost(Duration.ofSeconds(20)).until(() -> stored().stream().filter(s -> s >= first && s < last).count() == 100);
        }
    }

    private static String reading(long seq, Instant t0) {
        return new JsonObject().put("sensor", "shared-temp").put("quantity", "temperature").put("value", 20.0).put("unit", "°C")
                .put("ts", Times.format(t0.plusSeconds(seq))).put("seq", seq).encode();
    }

    private static Set<Long> stored() throws Exception {
        Set<Long> seqs = new HashSet<>();
        try (Connection c = PostgresResource.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select seq from series_point where series = 'sensors/shared-temp'")) {
            while (rs.next()) {
                seqs.add(rs.getLong(1));
            }
        }
        return seqs;
    }
}
