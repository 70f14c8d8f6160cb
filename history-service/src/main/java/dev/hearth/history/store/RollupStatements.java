package dev.hearth.history.store;

import dev.hearth.history.rollup.Tier;

/** The SQL that keeps one rollup tier's table, on arrays of rows unnested server-side (one round trip per batch). */
final class RollupStatements {

    private static final String ROWS = "unnest($1::text[], $2::timestamptz[], $3::int8[], $4::float8[], $5::float8[], "
            + "$6::timestamptz[], $7::timestamptz[], $8::float8[], $9::float8[])";
    private static final String COLUMNS = "(series, bucket, count, min, max, first_ts, last_ts, last, integral)";

    /**
     * Appends each row to its stored bucket when it starts after the bucket's last reading (readings arriving in
     * order, the usual case): the merge is {@code Stats.then} in SQL. Answers the buckets it inserted or merged; a row
     * that does not follow its bucket's last reading is left alone, and its bucket is computed again from the tier
     * below ({@link #lock}, {@link #source}, {@link #upsert}).
     */
    final String merge;
    /** Writes whole buckets. */
    final String upsert;
    /**
     * Makes sure each named bucket has a row before {@link #lock}: a bucket that another transaction is creating and has
     * not committed yet is invisible to the lock, so without this its first readings would be missing from the
     * recomputation (its upsert would wait for that row and then overwrite it). With it, this statement waits for the
     * other transaction, and the recomputation's later statements see its readings. The placeholder (count 0) is
     * overwritten by the recomputation in the same transaction.
     */
    final String ensure;
    /** Locks the named buckets, so that a concurrent merge waits for their recomputation. */
    final String lock;
    /** The rows of the tier below that fall in the named buckets, in time order within each series. */
    final String source;
    /** Locks one series' buckets in [$2, $3). */
    final String lockRange;
    /** The rows of the tier below of one series in [$2, $3), in time order: one range scan, pruned to its partitions. */
    final String sourceRange;


    RollupStatements(Tier tier) {
        String table = tier.table();
        merge = "insert into " + table + " as r " + COLUMNS + " select * from " + ROWS
                + " on conflict (series, bucket) do update set count = r.count + excluded.count,"
                + " min = least(r.min, excluded.min), max = greatest(r.max, excluded.max), last_ts = excluded.last_ts,"
                + " last = excluded.last,"
                + " integral = r.integral + excluded.integral + r.last * extract(epoch from excluded.first_ts - r.last_ts)::float8"
                + " where r.last_ts < excluded.first_ts returning series, bucket";
        upsert = "insert into " + table + " " + COLUMNS + " select * from " + ROWS
                + " on conflict (series, bucket) do update set count = excluded.count, min = excluded.min, max = excluded.max,"
                + " first_ts = excluded.first_ts, last_ts = excluded.last_ts, last = excluded.last, integral = excluded.integral";
        ensure = "insert into " + table + " " + COLUMNS + " select k.series, k.bucket, 0, 0, 0, k.bucket, k.bucket, 0, 0"
                + " from unnest($1::text[], $2::timestamptz[]) k(series, bucket) order by k.series, k.bucket on conflict do nothing";
        lock = "select r.series from " + table + " r join unnest($1::text[], $2::timestamptz[]) k(series, bucket)"
                + " on r.series = k.series and r.bucket = k.bucket order by r.series, r.bucket for update of r";
        lockRange = "select series from " + table + " where series = $1 and bucket >= $2 and bucket < $3 for update";
        String interval = "interval '" + tier.bucket().toSeconds() + " seconds'";
        Tier below = Tier.values()[tier.ordinal() - 1];
        source = below == Tier.RAW
                ? "select p.series, p.ts, p.value from series_point p join unnest($1::text[], $2::timestamptz[]) k(series, bucket)"
                        + " on p.series = k.series and p.ts >= k.bucket and p.ts < k.bucket + " + interval
                        + " order by p.series, p.ts"
                : "select r.series, r.count, r.min, r.max, r.first_ts, r.last_ts, r.last, r.integral from " + below.table()
                        + " r join unnest($1::text[], $2::timestamptz[]) k(series, bucket)"
                        + " on r.series = k.series and r.bucket >= k.bucket and r.bucket < k.bucket + " + interval
                        + " order by r.series, r.bucket";
        sourceRange = below == Tier.RAW
                ? "select series, ts, value from series_point where series = $1 and ts >= $2 and ts < $3 order by ts"
                : "select series, count, min, max, first_ts, last_ts, last, integral from " + below.table()
                        + " where series = $1 and bucket >= $2 and bucket < $3 order by bucket";
    }
}
