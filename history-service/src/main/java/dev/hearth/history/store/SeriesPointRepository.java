package dev.hearth.history.store;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.smallrye.mutiny.Uni;

/** Reads series points from PostgreSQL through Hibernate Reactive (writes go in batches: {@link PointBatchWriter}). */
@ApplicationScoped
public class SeriesPointRepository implements PanacheRepositoryBase<SeriesPoint, SeriesPoint.Key> {

    /** The points of a series in [from, to), oldest first, at most {@code limit}. */
    public Uni<List<SeriesPoint>> range(String series, Instant from, Instant to, int limit) {
        return find("id.series = ?1 and id.ts >= ?2 and id.ts < ?3 order by id.ts", series, from, to)
                .page(Page.ofSize(limit)).list();
    }
}
