package dev.hearth.history.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.history.rollup.Rollup;
import dev.hearth.history.rollup.Stats;
import dev.hearth.history.rollup.Tier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Keeps the 1-minute and 1-hour rollups equal to the raw readings, inside the transaction that stores the readings
 * (so a reading is acknowledged only with its rollups). Readings in order are appended to their buckets in place;
 * a bucket that a late or out-of-order reading falls into is computed again from the tier below.
 */
@ApplicationScoped
public class RollupWriter {

    private record Key(String series, long bucketMs) {
    }

    private final Map<Tier, RollupStatements> statements = new EnumMap<>(Tier.class);

    public RollupWriter() {
        for (Tier tier : Tier.ROLLUPS) {
            statements.put(tier, new RollupStatements(tier));
        }
    }

    /** Adds readings just inserted on this connection's transaction to every rollup tier. */
    public Uni<Void> add(SqlConnection connection, List<Rollup.Part> readings) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Tier tier : Tier.ROLLUPS) {
            chain = chain.chain(() -> merge(connection, tier, Rollup.fold(tier, readings)));
        }
        return chain;
    }

    /**
     * Computes every bucket the parts fall in again from the tier below, in every rollup tier: for readings of which
     * some were stored before (the tier below holds them once, whichever arrived twice).
     */
    public Uni<Void> recomputeBucketsOf(SqlConnection connection, List<Rollup.Part> parts) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Tier tier : Tier.ROLLUPS) {
            List<Key> keys = parts.stream().map(p -> new Key(p.series(), tier.bucketOf(p.stats().firstMs()))).distinct().toList();
            chain = chain.chain(() -> recompute(connection, tier, keys));
        }
        return chain;
    }

    /**
     * Computes a series' buckets in [fromMs, toMs) again from the tier below (a rebuild): one range scan of each,
     * where naming each bucket would probe every partition once per bucket.
     */
    public Uni<Void> recompute(SqlConnection connection, Tier tier, String series, long fromMs, long toMs) {
        RollupStatements sql = statements.get(tier);
        Tuple range = Tuple.of(series, time(fromMs), time(toMs));
        return connection.preparedQuery(sql.lockRange).execute(range)
                .chain(() -> connection.preparedQuery(sql.sourceRange).execute(range))
                .chain(source -> upsert(connection, tier, Rollup.fold(tier, parts(source, tier == Tier.MINUTE))));
    }

    private Uni<Void> merge(SqlConnection connection, Tier tier, List<Rollup.Row> rows) {
        return connection.preparedQuery(statements.get(tier).merge).execute(rowsTuple(rows)).chain(applied -> {
            Set<Key> merged = new HashSet<>();
            for (Row row : applied) {
                merged.add(new Key(row.getString(0), StatsColumns.millis(row.getOffsetDateTime(1))));
            }
            List<Key> missed = rows.stream().map(r -> new Key(r.series(), r.bucketMs())).filter(k -> !merged.contains(k)).toList();
            return missed.isEmpty() ? Uni.createFrom().voidItem() : recompute(connection, tier, missed);
        });
    }

    private Uni<Void> recompute(SqlConnection connection, Tier tier, List<Key> keys) {
        RollupStatements sql = statements.get(tier);
        Tuple keysTuple = keysTuple(keys);
        return connection.preparedQuery(sql.ensure).execute(keysTuple)
                .chain(() -> connection.preparedQuery(sql.lock).execute(keysTuple))
                .chain(() -> connection.preparedQuery(sql.source).execute(keysTuple))
                .chain(source -> upsert(connection, tier, Rollup.fold(tier, parts(source, tier == Tier.MINUTE))));
    }

    private Uni<Void> upsert(SqlConnection connection, Tier tier, List<Rollup.Row> rows) {
        return rows.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery(statements.get(tier).upsert).execute(rowsTuple(rows)).replaceWithVoid();
    }

    /** Source rows as parts: raw readings (series, ts, value), or rollup rows (series, count, …, integral). */
    private static List<Rollup.Part> parts(RowSet<Row> source, boolean raw) {
        List<Rollup.Part> parts = new ArrayList<>(source.size());
        for (Row row : source) {
            parts.add(new Rollup.Part(row.getString(0), StatsColumns.of(row.getDelegate(), 1, raw)));
        }
        return parts;
    }

    static Tuple rowsTuple(List<Rollup.Row> rows) {
        int n = rows.size();
        String[] series = new String[n];
        OffsetDateTime[] buckets = new OffsetDateTime[n];
        Long[] counts = new Long[n];
        Double[] mins = new Double[n];
        Double[] maxs = new Double[n];
        OffsetDateTime[] firsts = new OffsetDateTime[n];
        OffsetDateTime[] lasts = new OffsetDateTime[n];
        Double[] lastValues = new Double[n];
        Double[] integrals = new Double[n];
        for (int i = 0; i < n; i++) {
            Rollup.Row row = rows.get(i);
            Stats s = row.stats();
            series[i] = row.series();
            buckets[i] = time(row.bucketMs());
            counts[i] = s.count();
            mins[i] = s.min();
            maxs[i] = s.max();
            firsts[i] = time(s.firstMs());
            lasts[i] = time(s.lastMs());
            lastValues[i] = s.last();
            integrals[i] = s.integral();
        }
        return Tuple.from(new Object[] {series, buckets, counts, mins, maxs, firsts, lasts, lastValues, integrals});
    }

    private static Tuple keysTuple(List<Key> keys) {
        String[] series = new String[keys.size()];
        OffsetDateTime[] buckets = new OffsetDateTime[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            series[i] = keys.get(i).series();
            buckets[i] = time(keys.get(i).bucketMs());
        }
        return Tuple.of(series, buckets);
    }

    static OffsetDateTime time(long ms) {
        return Instant.ofEpochMilli(ms).atOffset(ZoneOffset.UTC);
    }
}
