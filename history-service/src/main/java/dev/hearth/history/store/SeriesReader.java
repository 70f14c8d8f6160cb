package dev.hearth.history.store;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import dev.hearth.history.rollup.Stats;
import dev.hearth.history.rollup.Tier;
import io.smallrye.mutiny.Uni;

/**
 * Reads a series from one tier through Hibernate Reactive, in a stateless session (rows straight into records, no
 * persistence context to fill): its rows in a window, and the value it had when the window began.
 */
@ApplicationScoped
public class SeriesReader {

    private static final String STATS = "select new dev.hearth.history.store.StatsRow(r.firstTs, r.lastTs, r.count, r.min, r.max,"
            + " r.last, r.integral) from %s r where r.id.series = :series and r.id.bucket >= :from and r.id.bucket < :to"
            + " order by r.id.bucket";
    private static final String RAW = "select new dev.hearth.history.store.StatsRow(p.id.ts, p.value) from SeriesPoint p"
            + " where p.id.series = :series and p.id.ts >= :from and p.id.ts < :to order by p.id.ts";
    private static final String CARRY = "select r.last from %s r where r.id.series = :series and r.id.bucket < :from"
            + " order by r.id.bucket desc";
    private static final String RAW_CARRY = "select p.value from SeriesPoint p where p.id.series = :series and p.id.ts < :from"
            + " order by p.id.ts desc";

    private final Mutiny.SessionFactory sessions;

    public SeriesReader(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Whether anything was ever stored for the series. */
    public Uni<Boolean> exists(String series) {
        return sessions.withStatelessSession(s -> s.get(KnownSeries.class, series)).map(found -> found != null);
    }

    /** The tier's rows of the series in [from, to), in time order. */
    public Uni<List<Stats>> rows(Tier tier, String series, Instant from, Instant to) {
        String hql = tier == Tier.RAW ? RAW : STATS.formatted(entity(tier));
        return sessions.withStatelessSession(s -> s.createSelectionQuery(hql, StatsRow.class)
                .setParameter("series", series).setParameter("from", from).setParameter("to", to).getResultList())
                .map(rows -> rows.stream().map(StatsRow::stats).toList());
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
