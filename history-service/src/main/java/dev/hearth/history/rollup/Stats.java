package dev.hearth.history.rollup;

import java.util.List;

/**
 * What a stretch of one series adds up to: the count, min, max and last of its readings, when the first and the last
 * were taken, and the integral of the series from the first to the last (each reading holds until the next: value ×
 * seconds). Stretches combine in time order ({@link #then}), so a bucket can grow one reading or one batch at a time
 * and an hour is the combination of its minutes, and {@link #mean} gives the exact time-weighted mean over any window
 * they cover. Pure arithmetic: the SQL that merges rollup rows in place (see {@code RollupStatements}) mirrors
 * {@link #then}.
 */
public record Stats(long count, double min, double max, long firstMs, long lastMs, double last, double integral) {

    /** One reading. */
    public static Stats of(long tsMs, double value) {
        return new Stats(1, value, value, tsMs, tsMs, value, 0);
    }

    /** Readings of one series in time order, no two at the same instant. */
    public static Stats of(List<Reading> readings) {
        Stats stats = null;
        for (Reading r : readings) {
            Stats one = of(r.tsMs(), r.value());
            stats = stats == null ? one : stats.then(one);
        }
        if (stats == null) {
            throw new IllegalArgumentException("no readings");
        }
        return stats;
    }

    /** A timestamped value (epoch milliseconds). */
    public record Reading(long tsMs, double value) {
    }

    /** This stretch followed by a later one, which must start after this one ends. */
    public Stats then(Stats later) {
        if (later.firstMs <= lastMs) {
            throw new IllegalArgumentException("stretches overlap: " + later.firstMs + " <= " + lastMs);
        }
        return new Stats(count + later.count, Math.min(min, later.min), Math.max(max, later.max), firstMs, later.lastMs,
                later.last, integral + later.integral + last * seconds(later.firstMs - lastMs));
    }

    /**
     * The time-weighted mean over [startMs, endMs), where this stretch lies: before its first reading the series has
     * the value {@code carry} (the last one before the window; NaN when there is none, and then the mean covers only
     * [first reading, end)), and its last reading holds until {@code endMs}.
     */
    public double mean(long startMs, long endMs, double carry) {
        long end = Math.max(endMs, lastMs);
        double area = integral + last * seconds(end - lastMs);
        long from = firstMs;
        if (!Double.isNaN(carry)) {
            area += carry * seconds(firstMs - startMs);
            from = Math.min(startMs, firstMs);
        }
        long span = end - from;
        if (span <= 0) {
            return last;
        }
        // Within the values it is made of, as a mean must be: the sum of the pieces can round a hair past them
        // (0.7 held throughout came out 0.6999999999999998, below its own min).
        double lowest = Double.isNaN(carry) ? min : Math.min(min, carry);
        double highest = Double.isNaN(carry) ? max : Math.max(max, carry);
        return Math.max(lowest, Math.min(highest, area / seconds(span)));
    }

    private static double seconds(long ms) {
        return ms / 1000.0;
    }
}
