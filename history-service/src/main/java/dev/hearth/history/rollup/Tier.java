package dev.hearth.history.rollup;

import java.time.Duration;

/**
 * Where a series is kept, finest first: every reading, and buckets of a minute and of an hour ({@link Stats} per
 * series and bucket), each in its own table partitioned by time so that retention drops whole partitions.
 */
public enum Tier {
    RAW("series_point", "ts", null, Partitioning.DAY),
    MINUTE("rollup_1m", "bucket", Duration.ofMinutes(1), Partitioning.MONTH),
    HOUR("rollup_1h", "bucket", Duration.ofHours(1), Partitioning.YEAR);

    /** The rollup tiers, finest first. */
    public static final Tier[] ROLLUPS = {MINUTE, HOUR};

    private final String table;
    private final String timeColumn;
    private final Duration bucket;
    private final Partitioning partitioning;

    Tier(String table, String timeColumn, Duration bucket, Partitioning partitioning) {
        this.table = table;
        this.timeColumn = timeColumn;
        this.bucket = bucket;
        this.partitioning = partitioning;
    }

    public String table() {
        return table;
    }

    public String timeColumn() {
        return timeColumn;
    }

    /** The bucket length; null for raw readings. */
    public Duration bucket() {
        return bucket;
    }

    /** The bucket length; zero for raw readings. */
    public Duration bucketOrZero() {
        return bucket == null ? Duration.ZERO : bucket;
    }

    public Partitioning partitioning() {
        return partitioning;
    }

    /** The start of the bucket holding {@code tsMs} (rollup tiers only). */
    public long bucketOf(long tsMs) {
        long size = bucket.toMillis();
        return Math.floorDiv(tsMs, size) * size;
    }

    /** The config name of this tier's retention: raw, minute, hour. */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
