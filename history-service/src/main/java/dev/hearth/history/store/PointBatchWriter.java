package dev.hearth.history.store;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.history.ingest.Point;
import dev.hearth.history.rollup.Rollup;
import dev.hearth.history.rollup.Stats;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Writes many points in one statement and one transaction through the reactive PostgreSQL client: the arrays of a
 * batch are unnested server-side, so a batch of thousands costs one round trip per table and one commit flush, where one
 * transaction per reading cost one each. A point already stored (same series and ts) is skipped, also within one batch, so
 * redelivery is harmless. The same transaction records each new series and brings the rollups up to date with the
 * rows it inserted ({@link RollupWriter}).
 */
@ApplicationScoped
public class PointBatchWriter {

    private static final String INSERT = "insert into series_point (series, ts, value, seq) "
            + "select * from unnest($1::text[], $2::timestamptz[], $3::float8[], $4::int8[]) "
            + "on conflict (series, ts) do nothing";
    /** Live ingest of a series and a rebuild of its rollups exclude each other ({@link RollupRebuilder}). */
    static final String LOCK_SHARED = "select pg_advisory_xact_lock_shared(hashtext(s)) from unnest($1::text[]) s";
    static final String LOCK_EXCLUSIVE = "select pg_advisory_xact_lock(hashtext($1))";
    private static final String NEW_SERIES = "insert into series (series) select distinct unnest($1::text[]) on conflict do nothing";

    private final Pool pool;
    private final RollupWriter rollups;
    private final StoredSeries storedSeries;

    public PointBatchWriter(Pool pool, RollupWriter rollups, StoredSeries storedSeries) {
        this.pool = pool;
        this.rollups = rollups;
        this.storedSeries = storedSeries;
    }

    /** Stores the points and their rollups in one committed transaction; answers how many rows were new. */
    public Uni<Integer> write(List<Point> points) {
        String[] series = new String[points.size()];
        OffsetDateTime[] ts = new OffsetDateTime[points.size()];
        Double[] values = new Double[points.size()];
        Long[] seqs = new Long[points.size()];
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            series[i] = p.series();
            ts[i] = p.ts().atOffset(ZoneOffset.UTC);
            values[i] = p.value();
            seqs[i] = p.seq();
        }
        String[] batchSeries = java.util.Arrays.stream(series).distinct().sorted().toArray(String[]::new);
        String[] unseen = java.util.Arrays.stream(batchSeries).filter(s -> !storedSeries.contains(s)).toArray(String[]::new);
        return pool.withTransaction(connection -> connection.preparedQuery(LOCK_SHARED).execute(Tuple.of((Object) batchSeries))
                .chain(() -> unseen.length == 0 ? Uni.createFrom().voidItem()
                        : connection.preparedQuery(NEW_SERIES).execute(Tuple.of((Object) unseen)).replaceWithVoid())
                .chain(() -> connection.preparedQuery(INSERT).execute(Tuple.of(series, ts, values, seqs)))
                .chain(inserted -> {
                    int stored = inserted.rowCount();
                    if (stored == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Rollup.Part> parts = new ArrayList<>(points.size());
                    for (Point p : points) {
                        parts.add(new Rollup.Part(p.series(), Stats.of(p.ts().toEpochMilli(), p.value())));
                    }
                    // Every point new (the usual case): they go onto their buckets. Some stored already (a redelivery):
                    // which ones is not known (reading back every inserted row, a row, a string and a decoded time per
                    // reading, was among the service's largest allocations in a JFR profile of the ingest), so
                    // the buckets they fall in are computed again from what is stored.
                    Uni<Void> rollup = stored == points.size() ? rollups.add(connection, parts) : rollups.recomputeBucketsOf(connection, parts);
                    return rollup.replaceWith(stored);
                })).invoke(() -> storedSeries.addAll(java.util.Arrays.asList(unseen)));
    }
}
