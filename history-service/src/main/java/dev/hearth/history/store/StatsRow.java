package dev.hearth.history.store;

import java.time.Instant;

import dev.hearth.history.rollup.Stats;

/** A tier's row as read: one raw reading, or one rollup bucket. Built by the queries of {@link SeriesReader}. */
public record StatsRow(Instant firstTs, Instant lastTs, long count, double min, double max, double last, double integral) {

    /** One raw reading. */
    public StatsRow(Instant ts, double value) {
        this(ts, ts, 1, value, value, value, 0);
    }

    public Stats stats() {
        return new Stats(count, min, max, firstTs.toEpochMilli(), lastTs.toEpochMilli(), last, integral);
    }
}
