package dev.hearth.history.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.history.rollup.Tier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Computes rollups again from raw readings for the series listed in {@code rollup_rebuild}: those stored before
 * rollups existed, and those a bulk load (COPY straight into {@code series_point}) filled. One UTC day per
 * transaction, so a year of a series never sits in memory at once.
 */
@ApplicationScoped
public class RollupRebuilder {

    private static final Logger LOG = Logger.getLogger(RollupRebuilder.class);
    private static final long DAY_MS = Duration.ofDays(1).toMillis();

    private final Pool pool;
    private final RollupWriter rollups;

    public RollupRebuilder(Pool pool, RollupWriter rollups) {
        this.pool = pool;
        this.rollups = rollups;
    }

    /** Rebuilds every listed series, taking each off the list once done; answers how many. */
    public Uni<Integer> rebuildListed() {
        return pool.query("select series from rollup_rebuild order by series").execute().chain(rows -> {
            List<String> series = new ArrayList<>();
            rows.forEach(row -> series.add(row.getString(0)));
            if (series.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            LOG.infof("Computing the rollups of %d series from their raw readings", series.size());
            return Multi.createFrom().iterable(series).onItem().transformToUniAndConcatenate(this::rebuild)
                    .collect().last().replaceWith(series.size());
        });
    }

    private Uni<Void> rebuild(String series) {
        return pool.preparedQuery("select distinct date_trunc('day', ts, 'UTC') from series_point where series = $1 order by 1")
                .execute(Tuple.of(series))
                .chain(days -> {
                    List<Long> starts = new ArrayList<>();
                    days.forEach(row -> starts.add(StatsColumns.millis(row.getOffsetDateTime(0))));
                    // The series' advisory lock keeps live ingest of it (which takes it shared) out of the day
                    // being rebuilt: a bucket the ingest creates meanwhile would otherwise be overwritten.
                    return Multi.createFrom().iterable(starts).onItem().transformToUniAndConcatenate(day -> pool
                            .withTransaction(c -> c.preparedQuery(PointBatchWriter.LOCK_EXCLUSIVE).execute(Tuple.of(series))
                                    .chain(() -> rollups.recompute(c, Tier.MINUTE, series, day, day + DAY_MS))
                                    .chain(() -> rollups.recompute(c, Tier.HOUR, series, day, day + DAY_MS))))
                            .collect().last();
                })
                .chain(() -> pool.preparedQuery("delete from rollup_rebuild where series = $1").execute(Tuple.of(series)))
                .replaceWithVoid();
    }
}
