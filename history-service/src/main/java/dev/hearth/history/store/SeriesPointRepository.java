package dev.hearth.history.store;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;

/** Reads and writes series points in PostgreSQL through Hibernate Reactive. */
@ApplicationScoped
public class SeriesPointRepository implements PanacheRepositoryBase<SeriesPoint, SeriesPoint.Key> {

    /**
     * Stores a point unless one with the same (series, ts) exists: redelivery after a broker or service restart is
     * harmless. Must run inside a transaction. Answers whether a row was written.
     */
    public Uni<Boolean> insertIfAbsent(String series, Instant ts, double value, Long seq) {
        return getSession().flatMap(session -> session.createNativeQuery(
                "insert into series_point (series, ts, value, seq) values (:series, :ts, :value, :seq) "
                        + "on conflict (series, ts) do nothing")
                .setParameter("series", series)
                .setParameter("ts", ts)
                .setParameter("value", value)
                .setParameter("seq", seq)
                .executeUpdate())
                .map(rows -> rows > 0);
    }

    /** The points of a series in [from, to), oldest first, at most {@code limit}. */
    public Uni<List<SeriesPoint>> range(String series, Instant from, Instant to, int limit) {
        return find("id.series = ?1 and id.ts >= ?2 and id.ts < ?3 order by id.ts", series, from, to)
                .page(Page.ofSize(limit)).list();
    }
}
