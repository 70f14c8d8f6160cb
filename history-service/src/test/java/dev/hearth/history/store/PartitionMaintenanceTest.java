package dev.hearth.history.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.hearth.history.ingest.Point;
import dev.hearth.history.rollup.Tier;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Partitions on a real PostgreSQL: a reading for a time with no partition yet lands and is moved into a partition of
 * its own; each tier's retention drops whole partitions, and the coarser tiers keep what the finer ones lost.
 */
@QuarkusTest
@WithTestResource(value = MqttBrokerResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class PartitionMaintenanceTest {

    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    @Inject
    PointBatchWriter writer;

    @Inject
    PartitionMaintenance maintenance;

    @Inject
    RollupRebuilder rebuilder;

    @Test
    void createsAheadMovesStrayRowsAndDropsWholeExpiredPartitions() throws Exception {
        Instant now = Instant.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        // Made at start: today's partition and the next two.
        assertThat(partitions(Tier.RAW)).contains("series_point_p" + DAY.format(today), "series_point_p" + DAY.format(today.plusDays(2)));

        Instant old = now.minus(Duration.ofDays(40));
        Instant recent = now.minus(Duration.ofDays(10));
        Instant future = Instant.parse("2031-03-04T05:06:07.089Z");
        writer.write(List.of(new Point("sensors/kept", old, 1, 1L), new Point("sensors/kept", recent, 2, 2L),
                new Point("sensors/kept", future, 3, 3L))).await().atMost(Duration.ofSeconds(10));
        // No partition holds those times yet: they landed in the default partition, and are there to be read.
        assertThat(count("series_point_default")).isEqualTo(3);
        assertThat(count("series_point")).isEqualTo(3);

        // While a rollup rebuild is pending, no raw partition is dropped: the rebuild reads them.
        execute("insert into rollup_rebuild (series) values ('sensors/kept')");
        maintenance.run(now).await().atMost(Duration.ofSeconds(30));
        assertThat(values("series_point")).containsExactly(1.0, 2.0, 3.0);
        rebuilder.rebuildListed().await().atMost(Duration.ofSeconds(30));
        maintenance.run(now).await().atMost(Duration.ofSeconds(30));

        assertThat(count("series_point_default")).isZero();
        String recentPartition = "series_point_p" + DAY.format(LocalDate.ofInstant(recent, ZoneOffset.UTC));
        assertThat(partitions(Tier.RAW)).contains(recentPartition, "series_point_p20310304")
                .doesNotContain("series_point_p" + DAY.format(LocalDate.ofInstant(old, ZoneOffset.UTC)));
        assertThat(count(recentPartition)).isEqualTo(1);
        assertThat(count("series_point_p20310304")).isEqualTo(1);
        // The raw reading of 40 days ago went with its partition (raw keeps 30 days); its minute and hour stay.
        assertThat(values("series_point")).containsExactly(2.0, 3.0);
        assertThat(values("rollup_1m")).containsExactly(1.0, 2.0, 3.0);
        assertThat(partitions(Tier.MINUTE)).contains("rollup_1m_p203103");
        assertThat(partitions(Tier.HOUR)).contains("rollup_1h_p2031");

        // Fourteen months on: the 1-minute tier (a year) has lost the old month too; the hourly tier keeps everything.
        maintenance.run(now.plus(Duration.ofDays(420))).await().atMost(Duration.ofSeconds(30));
        assertThat(values("rollup_1m")).containsExactly(3.0);
        assertThat(values("rollup_1h")).containsExactly(1.0, 2.0, 3.0);
        assertThat(partitions(Tier.MINUTE)).doesNotContain("rollup_1m_p" + DateTimeFormatter.ofPattern("yyyyMM")
                .format(LocalDate.ofInstant(recent, ZoneOffset.UTC)));
    }

    private static void execute(String sql) throws Exception {
        try (Connection c = PostgresResource.database().connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> partitions(Tier tier) {
        return maintenance.partitions(tier).await().atMost(Duration.ofSeconds(10));
    }

    private static long count(String table) throws Exception {
        try (Connection c = PostgresResource.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from " + table + " where series = 'sensors/kept'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<Double> values(String table) throws Exception {
        String column = table.equals("series_point") ? "value" : "last";
        String time = table.equals("series_point") ? "ts" : "bucket";
        try (Connection c = PostgresResource.database().connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select " + column + " from " + table + " where series = 'sensors/kept' order by " + time)) {
            List<Double> values = new java.util.ArrayList<>();
            while (rs.next()) {
                values.add(rs.getDouble(1));
            }
            return values;
        }
    }
}
