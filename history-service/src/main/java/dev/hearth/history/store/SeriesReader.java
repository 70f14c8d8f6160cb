package dev.hearth.history.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.hearth.history.rollup.Stats;
import dev.hearth.history.rollup.Tier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

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
     * Times come as epoch milliseconds, computed by PostgreSQL: decoding the 17,520 timestamps of a year of hours into
     * OffsetDateTimes took an eighth of the query's time (a JFR profile of bench/history), and their garbage a part of
     * its collections. date_part gives float8 seconds, exact to the millisecond for 2000..2100 once rounded (checked on
     * a million random times), after date_trunc has floored a finer time (a bulk load may hold one) as the rollups do;
     * extract gives numeric, which made PostgreSQL's side of a year of hours 8 ms slower.
     */
    private static final String RAW_ROWS = "select (date_part('epoch', date_trunc('milliseconds', ts)) * 1000)::int8, value from series_point"
            + " where series = $1 and ts >= $2 and ts < $3 order by ts";
    private static final String ROLLUP_ROWS = "select count, min, max, (date_part('epoch', date_trunc('milliseconds', first_ts)) * 1000)::int8,"
            + " (date_part('epoch', date_trunc('milliseconds', last_ts)) * 1000)::int8, last, integral from %s where series = $1 and bucket >= $2 and bucket < $3"
            + " order by bucket";

    private final Mutiny.SessionFactory sessions;
    private final Pool pool;
    /**
     * Series known to exist: a series, once stored, is never removed from {@code series} (retention drops readings,
     * not series), so a dashboard's repeated queries skip that round trip. At most one entry per series ever stored.
     */
    private final java.util.Set<String> existing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public SeriesReader(Mutiny.SessionFactory sessions, Pool pool) {
        this.sessions = sessions;
        this.pool = pool;
    }

    /** Whether anything was ever stored for the series. */
    public Uni<Boolean> exists(String series) {
        if (existing.contains(series)) {
            return Uni.createFrom().item(true);
        }
        return sessions.withStatelessSession(s -> s.get(KnownSeries.class, series)).map(found -> {
            if (found != null) {
                existing.add(series);
            }
            return found != null;
        });
    }

    /** The tier's rows of the series in [from, to), in time order. */
    public Uni<List<Stats>> rows(Tier tier, String series, Instant from, Instant to) {
        Tuple window = Tuple.of(series, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC));
        String sql = tier == Tier.RAW ? RAW_ROWS : ROLLUP_ROWS.formatted(tier.table());
        return pool.preparedQuery(sql).execute(window).map(rows -> {
            List<Stats> stats = new ArrayList<>(rows.size());
            boolean raw = tier == Tier.RAW;
            for (Row row : rows) {
                stats.add(raw ? Stats.of(row.getLong(0), row.getDouble(1))
                        : new Stats(row.getLong(0), row.getDouble(1), row.getDouble(2), row.getLong(3), row.getLong(4), row.getDouble(5),
                                row.getDouble(6)));
            }
            return stats;
        });
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
