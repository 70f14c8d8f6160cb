package dev.hearth.history.store;

import java.time.OffsetDateTime;

import dev.hearth.history.rollup.Stats;
import io.vertx.sqlclient.Row;

/** The {@link Stats} of a row's columns, for every statement that reads readings or rollup rows back. */
final class StatsColumns {

    private StatsColumns() {
    }

    /**
     * The columns from {@code at} on: a raw reading's (ts, value), or a rollup row's (count, min, max, first_ts,
     * last_ts, last, integral).
     */
    static Stats of(Row row, int at, boolean raw) {
        return raw ? Stats.of(millis(row.getOffsetDateTime(at)), row.getDouble(at + 1))
                : new Stats(row.getLong(at), row.getDouble(at + 1), row.getDouble(at + 2), millis(row.getOffsetDateTime(at + 3)),
                        millis(row.getOffsetDateTime(at + 4)), row.getDouble(at + 5), row.getDouble(at + 6));
    }

    /**
     * Floored to the millisecond (a bulk load may hold a finer time), as the rollups are; fails on a time beyond what
     * epoch milliseconds hold (PostgreSQL's infinity, which the client reads as OffsetDateTime.MAX) instead of wrapping.
     */
    static long millis(OffsetDateTime t) {
        return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1000), t.getNano() / 1_000_000);
    }
}
