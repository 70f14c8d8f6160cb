package dev.hearth.history.query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.hearth.contract.Times;

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

    /**
     * The finest round step, at least {@code atLeast}, that cuts [from, to) into at most {@link #TARGET_POINTS} buckets
     * whose whole steps stay within 2000..2100 (buckets are aligned to the epoch, so a 30-day step widens 2000-01-01 back
     * into 1999). When no round step gives that few, the coarsest that gives at most {@code maxPoints}.
     */
    static Duration auto(long fromMs, long toMs, Duration atLeast, int maxPoints) {
        Duration fallback = null;
        for (Duration step : ROUND) {
            if (step.compareTo(atLeast) < 0 || !staysInWindow(fromMs, toMs, step.toMillis())) {
                continue;
            }
            long buckets = buckets(fromMs, toMs, step.toMillis());
            if (buckets <= TARGET_POINTS) {
                return step;
            }
            if (buckets <= maxPoints) {
                fallback = step;
            }
        }
        if (fallback == null) {
            throw new IllegalArgumentException("no round step of at least " + atLeast + " cuts this window into at most " + maxPoints
                    + " buckets within 2000-01-01..2100-01-01: give a shorter window, or a 'step'");
        }
        return fallback;
    }

    /** Whether [from, to) widened to whole steps of {@code stepMs} stays within the contract's 2000..2100. */
    static boolean staysInWindow(long fromMs, long toMs, long stepMs) {
        return Times.inWindow(Instant.ofEpochMilli(alignedFrom(fromMs, stepMs))) && Times.inWindow(Instant.ofEpochMilli(alignedTo(toMs, stepMs) - 1));
    }

    static long alignedFrom(long fromMs, long stepMs) {
        return Math.floorDiv(fromMs, stepMs) * stepMs;
    }

    static long alignedTo(long toMs, long stepMs) {
        return (Math.floorDiv(toMs - 1, stepMs) + 1) * stepMs;
    }

    /** How many step-aligned buckets overlap [from, to). */
    static long buckets(long fromMs, long toMs, long stepMs) {
        return Math.floorDiv(toMs - 1, stepMs) - Math.floorDiv(fromMs, stepMs) + 1;
    }
}
