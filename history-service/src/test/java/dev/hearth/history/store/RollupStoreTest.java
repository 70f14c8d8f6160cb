package dev.hearth.history.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.history.ingest.Point;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The rollups in PostgreSQL equal a brute-force computation over the raw readings, whatever order the readings
 * arrived in: late ones, out-of-order ones within a bucket, duplicates, batches of any size.
 */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
@WithTestResource(PostgresResource.class)
class RollupStoreTest {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    @Inject
    PointBatchWriter writer;

    @Inject
    RollupRebuilder rebuilder;

    /** What a bucket must hold, computed the plain way from every reading in it. */
    private record Expected(long count, double min, double max, long firstMs, long lastMs, double last, double integral) {
    }

    @Test
    void rollupsEqualABruteForceComputationOverLateAndOutOfOrderReadings() throws Exception {
        Random random = new Random(42);
        long start = Instant.parse("2026-10-01T08:00:00Z").toEpochMilli() + random.nextInt(60_000);
        List<Point> readings = new ArrayList<>();
        for (String series : List.of("sensors/rollup-a", "sensors/rollup-b", "actuators/rollup-c")) {
            long t = start + random.nextInt(5000);
            while (t < start + 3 * HOUR) {
                readings.add(new Point(series, Instant.ofEpochMilli(t), Math.round(random.nextGaussian() * 1000) / 100.0, null));
                t += random.nextInt(8) == 0 ? 1 + random.nextInt((int) (7 * MINUTE)) : 500 + random.nextInt(20_000);
            }
        }
        readings.sort((a, b) -> a.ts().compareTo(b.ts()));

        // Mostly in time order, but a tenth held back and delivered later, some twice, in batches of 1 to 300.
        List<Point> arrival = new ArrayList<>();
        List<Point> late = new ArrayList<>();
        for (Point p : readings) {
            (random.nextInt(10) == 0 ? late : arrival).add(p);
            if (!late.isEmpty() && random.nextInt(15) == 0) {
                arrival.add(late.remove(random.nextInt(late.size())));
            }
            if (random.nextInt(20) == 0) {
                arrival.add(arrival.get(random.nextInt(arrival.size())));
            }
        }
        Collections.shuffle(late, random);
        arrival.addAll(late);
        for (int i = 0; i < arrival.size();) {
            int n = Math.min(arrival.size() - i, 1 + random.nextInt(300));
            writer.write(arrival.subList(i, i + n)).await().atMost(Duration.ofSeconds(30));
            i += n;
        }

        for (String table : List.of("rollup_1m", "rollup_1h")) {
            long size = table.equals("rollup_1m") ? MINUTE : HOUR;
            Map<String, Expected> expected = bruteForce(readings, size);
            Map<String, Expected> stored = stored(table);
            assertThat(stored.keySet()).as(table).containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((key, e) -> {
                Expected s = stored.get(key);
                assertThat(s.count()).as(table + " " + key).isEqualTo(e.count());
                assertThat(s.min()).as(table + " " + key).isEqualTo(e.min());
                assertThat(s.max()).as(table + " " + key).isEqualTo(e.max());
                assertThat(s.firstMs()).as(table + " " + key).isEqualTo(e.firstMs());
                assertThat(s.lastMs()).as(table + " " + key).isEqualTo(e.lastMs());
                assertThat(s.last()).as(table + " " + key).isEqualTo(e.last());
                assertThat(s.integral()).as(table + " " + key).isCloseTo(e.integral(), within(1e-6 * Math.max(1, Math.abs(e.integral()))));
            });
        }
    }

    /**
     * Two replicas on a shared subscription can store readings of one series at once. One transaction creates a bucket
     * (its first reading and the rollup rows it makes, not committed yet) while another, whose batch holds a redelivered
     * reading, computes its batch's buckets again from what is stored: that recomputation must wait for the first
     * transaction and count its reading (before, it missed it, then overwrote the bucket it had waited for).
     */
    @Test
    void aBucketAnotherTransactionIsCreatingIsComputedAgainWithItsReading() throws Exception {
        String series = "sensors/concurrent-bucket"; // not one of "%/rollup-%", which the test above reads back
        Instant hour = Instant.parse("2026-10-02T10:00:00Z");
        Point redelivered = new Point(series, hour.minus(Duration.ofHours(3)), 1.0, null);
        Point others = new Point(series, hour.plusSeconds(10), 2.0, null);
        Point ours = new Point(series, hour.plusSeconds(20), 3.0, null);
        writer.write(List.of(redelivered)).await().atMost(Duration.ofSeconds(30));
        try (Connection other = PostgresResource.database().connect()) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement()) {
                // What the other replica's batch writes for its reading, the first of its minute and of its hour.
                s.execute("insert into series_point (series, ts, value) values ('" + series + "', '" + others.ts() + "', 2)");
                for (String table : List.of("rollup_1m", "rollup_1h")) {
                    s.execute("insert into " + table + " (series, bucket, count, min, max, first_ts, last_ts, last, integral) values ('"
                            + series + "', '" + hour + "', 1, 2, 2, '" + others.ts() + "', '" + others.ts() + "', 2, 0)");
                }
            }
            java.util.concurrent.CompletableFuture<Integer> written = writer.write(List.of(redelivered, ours)).subscribeAsCompletionStage();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> waitingForALock() > 0 || written.isDone());
            other.commit();
            assertThat(written.get(30, java.util.concurrent.TimeUnit.SECONDS)).as("new rows").isEqualTo(1);
        }
        List<Point> all = List.of(redelivered, others, ours);
        for (String table : List.of("rollup_1m", "rollup_1h")) {
            Map<String, Expected> expected = bruteForce(all, table.equals("rollup_1m") ? MINUTE : HOUR);
            assertThat(stored(table, series)).as(table).isEqualTo(expected);
        }
    }

    /** Backends of this database waiting for a lock another transaction holds. */
    private static long waitingForALock() throws Exception {
        try (Connection c = PostgresResource.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aRebuildComputesTheRollupsOfBulkLoadedReadings() throws Exception {
        Random random = new Random(9);
        long start = Instant.now().minus(Duration.ofDays(3)).toEpochMilli();
        List<Point> readings = new ArrayList<>();
        try (Connection c = PostgresResource.database().connect(); Statement s = c.createStatement()) {
            StringBuilder values = new StringBuilder();
            for (long t = start; t < start + 2 * 24 * HOUR; t += 30_000 + random.nextInt(600_000)) {
                Point p = new Point("sensors/bulk-load", Instant.ofEpochMilli(t), Math.round(random.nextGaussian() * 1000) / 100.0, null);
                readings.add(p);
                values.append(values.length() == 0 ? "" : ",").append("('sensors/bulk-load', '").append(p.ts()).append("', ")
                        .append(p.value()).append(")");
            }
            // Straight into the table, as a COPY would: no rollups yet.
            s.execute("insert into series_point (series, ts, value) values " + values);
            s.execute("insert into rollup_rebuild (series) values ('sensors/bulk-load')");
        }
        assertThat(stored("rollup_1m", "sensors/bulk-load")).isEmpty();

        rebuilder.rebuildListed().await().atMost(Duration.ofSeconds(60));

        for (String table : List.of("rollup_1m", "rollup_1h")) {
            Map<String, Expected> expected = bruteForce(readings, table.equals("rollup_1m") ? MINUTE : HOUR);
            Map<String, Expected> stored = stored(table, "sensors/bulk-load");
            assertThat(stored.keySet()).as(table).containsExactlyInAnyOrderElementsOf(expected.keySet());
            expected.forEach((key, e) -> assertThat(stored.get(key).integral()).as(key).isCloseTo(e.integral(), within(1e-6 * Math.max(1, Math.abs(e.integral())))));
        }
    }

    private static Map<String, Expected> bruteForce(List<Point> sortedReadings, long size) {
        Map<String, List<Point>> byBucket = new TreeMap<>();
        for (Point p : sortedReadings) {
            long bucket = Math.floorDiv(p.ts().toEpochMilli(), size) * size;
            byBucket.computeIfAbsent(p.series() + "@" + bucket, k -> new ArrayList<>()).add(p);
        }
        Map<String, Expected> expected = new HashMap<>();
        byBucket.forEach((key, points) -> {
            double integral = 0;
            for (int i = 0; i + 1 < points.size(); i++) {
                integral += points.get(i).value() * (points.get(i + 1).ts().toEpochMilli() - points.get(i).ts().toEpochMilli()) / 1000.0;
            }
            Point last = points.get(points.size() - 1);
            expected.put(key, new Expected(points.size(), points.stream().mapToDouble(Point::value).min().orElseThrow(),
                    points.stream().mapToDouble(Point::value).max().orElseThrow(), points.get(0).ts().toEpochMilli(),
                    last.ts().toEpochMilli(), last.value(), integral));
        });
        return expected;
    }

    private static Map<String, Expected> stored(String table) throws Exception {
        return stored(table, "%/rollup-%");
    }

    private static Map<String, Expected> stored(String table, String seriesLike) throws Exception {
        Map<String, Expected> stored = new HashMap<>();
        try (Connection c = PostgresResource.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select series, bucket, count, min, max, first_ts, last_ts, last, integral from " + table
                        + " where series like '" + seriesLike + "'")) {
            while (rs.next()) {
                stored.put(rs.getString(1) + "@" + rs.getTimestamp(2).getTime(), new Expected(rs.getLong(3), rs.getDouble(4),
                        rs.getDouble(5), rs.getTimestamp(6).getTime(), rs.getTimestamp(7).getTime(), rs.getDouble(8), rs.getDouble(9)));
            }
        }
        return stored;
    }
}
