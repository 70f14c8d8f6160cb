package dev.hearth.history.query;

import java.util.ArrayList;
import java.util.List;

import dev.hearth.history.rollup.Stats;

/**
 * Folds a tier's rows (raw readings or rollup buckets, in time order) into the buckets of a query's step: each step
 * bucket combines the rows that start in it, and its mean is time-weighted over the whole bucket, carrying in the
 * value the series had when the bucket began. A step bucket with no reading is left out (a gap in the chart). Pure.
 */
public final class Downsampler {

    /** One answered bucket: its start and what its readings add up to. */
    public record Bucket(long startMs, double avg, double min, double max, double last, long count) {
    }

    private Downsampler() {
    }

    /**
     * @param rows       the tier's rows in time order, all within [fromMs, toMs)
     * @param carry      the series' value at {@code fromMs} (its last reading before), NaN if none
     * @param nowMs      the present: the current bucket's mean ends here, not at the bucket's end
     */
    public static List<Bucket> downsample(List<Stats> rows, double carry, long fromMs, long stepMs, long nowMs) {
        List<Bucket> buckets = new ArrayList<>();
        Stats open = null;
        long openStart = 0;
        double carryIn = carry;
        for (Stats row : rows) {
            long start = Math.floorDiv(row.firstMs(), stepMs) * stepMs;
            if (open != null && start != openStart) {
                buckets.add(close(open, openStart, stepMs, carryIn, nowMs));
                carryIn = open.last();
                open = null;
            }
            if (open == null) {
                open = row;
                openStart = start;
            } else {
                open = open.then(row);
            }
        }
        if (open != null) {
            buckets.add(close(open, openStart, stepMs, carryIn, nowMs));
        }
        return buckets;
    }

    private static Bucket close(Stats stats, long start, long stepMs, double carry, long nowMs) {
        long end = Math.min(start + stepMs, Math.max(nowMs, start + 1));
        return new Bucket(start, stats.mean(start, end, carry), stats.min(), stats.max(), stats.last(), stats.count());
    }
}
