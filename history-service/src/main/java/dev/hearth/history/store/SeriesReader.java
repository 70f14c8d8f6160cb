package dev.hearth.history.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collector;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.hearth.history.rollup.Stats;
import dev.hearth.history.rollup.Tier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlResult;

/**
 * Reads a series from one tier: whether it exists and the value it had when a window began through Hibernate Reactive
 * (stateless sessions, no persistence context to fill), and its rows in the window (up to 200,000 for a year of
 * hours, or a day of raw readings) straight from the reactive pool into {@link Stats}: through Hibernate, building
 * 8,760 rows cost more than the query itself (bench/history: p50 37.5 ms for a year of hours).
 */
@ApplicationScoped
public class SeriesReader {

    private static final String CARRY = "select r.last from %s r where r.id.series = :series and r.id.bucket < :from"
            + " order by r.id.bucket desc";
    private static final String RAW_CARRY = "select p.value from SeriesPoint p where p.id.series = :series and p.id.ts < :from"
            + " order by p.id.ts desc";

    /*
     * Times come as timestamptz, which PostgreSQL sends as they are stored (binary, microseconds) and the client floors
     * to milliseconds, as the rollups do. Computing epoch milliseconds in SQL instead (date_part of date_trunc) cost
     * PostgreSQL about 9 of the 12 ms it took for a year of hours on this project's 2-core machine (pgbench, a sum over
     * the same rows with and without them); decoding the timestamps costs the client less than that.
     */
    private static final String RAW_ROWS = "select ts, value from series_point"
            + " where series = $1 and ts >= $2 and ts < $3 order by ts";
    private static final String ROLLUP_ROWS = "select count, min, max, first_ts,"
            + " last_ts, last, integral from %s where series = $1 and bucket >= $2 and bucket < $3"
            + " order by bucket";

    private final Mutiny.SessionFactory sessions;
    private final Pool pool;
    private final StoredSeries storedSeries;

    public SeriesReader(Mutiny.SessionFactory sessions, Pool pool, StoredSeries storedSeries) {
        this.sessions = sessions;
        this.pool = pool;
        this.storedSeries = storedSeries;
    }

    /** Whether anything was ever stored for the series. */
    public Uni<Boolean> exists(String series) {
        if (storedSeries.contains(series)) {
            return Uni.createFrom().item(true);
        }
        return sessions.withStatelessSession(s -> s.get(KnownSeries.class, series)).map(found -> {
            if (found != null) {
                storedSeries.addAll(List.of(series));
            }
            return found != null;
        });
    }

    /** The tier's rows of the series in [from, to), in time order. */
    public Uni<List<Stats>> rows(Tier tier, String series, Instant from, Instant to) {
        Tuple window = Tuple.of(series, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        boolean raw = tier == Tier.RAW;
        String sql = raw ? RAW_ROWS : ROLLUP_ROWS.formatted(tier.table());
        // Each row becomes its Stats as it is decoded, instead of all 8,760 rows of a year of hours held decoded first (a
        // RowSet): a young collection during a query then copies a few hundred KB, not a few MB. (The Mutiny pool has no
        // collecting(), hence the core pool.)
        Collector<Row, ?, List<Stats>> toStats = Collectors.mapping(row -> StatsColumns.of(row, 0, raw), Collectors.toList());
        return Uni.createFrom().completionStage(() -> pool.getDelegate().preparedQuery(sql).collecting(toStats).execute(window.getDelegate())
                .map(SqlResult::value).toCompletionStage());
    }

    /** The series' last value before {@code from} in that tier; NaN when it has none. */
    public Uni<Double> valueBefore(Tier tier, String series, Instant from) {
        String hql = tier == Tier.RAW ? RAW_CARRY : CARRY.formatted(entity(tier));
        return sessions.withStatelessSession(s -> s.createSelectionQuery(hql, Double.class)
                .setParameter("series", series).setParameter("from", from).setMaxResults(1).getResultList())
                .map(values -> values.isEmpty() ? Double.NaN : values.get(0));
    }

    private static String entity(Tier tier) {
        return tier == Tier.MINUTE ? "MinuteRollup" : "HourRollup";
    }
}
