package dev.hearth.history.query;

import java.time.Duration;
import java.util.List;

/** The bucket widths a query picks by itself: round ones, so that chart ticks land on whole minutes, hours and days. */
final class Steps {

    /** About this many points at most when the caller gives no step. */
    static final int TARGET_POINTS = 1000;

    static final List<Duration> ROUND = List.of(
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(15), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
            Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(3), Duration.ofHours(6), Duration.ofHours(12),
            Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7), Duration.ofDays(30), Duration.ofDays(90),
            Duration.ofDays(365));

    private Steps() {
    }

    /** The finest round step, at least {@code atLeast}, that cuts [from, to) into at most {@link #TARGET_POINTS} buckets. */
    static Duration auto(long fromMs, long toMs, Duration atLeast) {
        for (Duration step : ROUND) {
            if (step.compareTo(atLeast) >= 0 && buckets(fromMs, toMs, step.toMillis()) <= TARGET_POINTS) {
                return step;
            }
        }
        return ROUND.get(ROUND.size() - 1);
    }

    /** How many step-aligned buckets overlap [from, to). */
    static long buckets(long fromMs, long toMs, long stepMs) {
        return Math.floorDiv(toMs - 1, stepMs) - Math.floorDiv(fromMs, stepMs) + 1;
    }
}
