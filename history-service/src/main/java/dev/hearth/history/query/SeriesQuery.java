package dev.hearth.history.query;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

import dev.hearth.contract.Times;
import dev.hearth.history.rollup.Tier;

/**
 * A history query made concrete: the series, the window widened to whole steps, the step, and the tier that answers
 * it (the coarsest whose buckets divide the step and that still keeps the window's start). Built by {@link #plan},
 * which throws {@link IllegalArgumentException} with a message meant for the caller.
 */
public record SeriesQuery(String series, Instant from, Instant to, Duration step, Tier tier, Set<Agg> aggs) {

    public static final Duration DEFAULT_SPAN = Duration.ofHours(24);
    /** The most buckets one answer may hold when the caller chooses the step. */
    public static final int MAX_POINTS = 10_000;
    static final Duration MIN_STEP = Duration.ofSeconds(1);
    static final Duration MAX_STEP = Duration.ofDays(366);
    /**
     * The most rows one answer may read from its tier (raw readings counted as one a second): a week of raw readings
     * cut into 59 s steps would be half a million rows to fold for 10,000 buckets.
     */
    static final long MAX_ROWS = 200_000;

    /** How long each tier keeps its data, to pick a tier that still has the window. */
    public interface Retention {
        /** Empty: kept for ever. */
        java.util.Optional<Duration> of(Tier tier);
    }

    public static SeriesQuery plan(String series, String fromText, String toText, String stepText, String aggText, Instant now,
            Retention retention) {
        Instant to = toText == null || toText.isBlank() ? now : instant("to", toText);
        Instant from = fromText == null || fromText.isBlank() ? to.minus(DEFAULT_SPAN) : instant("from", fromText);
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        Set<Agg> aggs = Agg.parse(aggText);
        long fromMs = from.toEpochMilli();
        long toMs = to.toEpochMilli();
        Duration step;
        if (stepText == null || stepText.isBlank()) {
            step = Steps.auto(fromMs, toMs, finestKeeping(from, now, retention).bucketOrZero(), MAX_POINTS);
        } else {
            step = duration(stepText);
            long points = Steps.buckets(fromMs, toMs, step.toMillis());
            if (points > MAX_POINTS) {
                throw new IllegalArgumentException("step " + stepText + " gives " + points + " points over this window; at most "
                        + MAX_POINTS + " (use a longer step, or leave it out to get about " + Steps.TARGET_POINTS + ")");
            }
        }
        Tier tier = coarsestDividing(step);
        if (!keeps(tier, from, now, retention)) {
            Tier keeping = finestKeeping(from, now, retention);
            throw new IllegalArgumentException("'from' is older than the " + retention.of(tier).orElseThrow() + " that the "
                    + tier.configName() + " tier keeps" + (keeps(keeping, from, now, retention)
                            ? ": use a step that is a multiple of " + keeping.bucketOrZero() + " for it, or leave 'step' out"
                            : ", and no tier keeps data that old"));
        }
        long stepMs = step.toMillis();
        Instant alignedFrom = Instant.ofEpochMilli(Steps.alignedFrom(fromMs, stepMs));
        Instant alignedTo = Instant.ofEpochMilli(Steps.alignedTo(toMs, stepMs));
        if (!Steps.staysInWindow(fromMs, toMs, stepMs)) {
            throw new IllegalArgumentException("with step " + step + " the window widens to whole steps beyond 2000-01-01..2100-01-01: "
                    + "use a shorter step or a window further from those ends");
        }
        long rows = (alignedTo.toEpochMilli() - alignedFrom.toEpochMilli()) / Math.max(1000, tier.bucketOrZero().toMillis());
        if (rows > MAX_ROWS) {
            String what = "a window of " + Duration.between(from, to);
            throw new IllegalArgumentException(stepText == null || stepText.isBlank() // a step the caller did not choose is not named
                    ? what + " is too long to answer: it would read about " + rows + " rows of the " + tier.configName() + " tier; at most "
                            + MAX_ROWS + ": give a shorter window"
                    : what + " in steps of " + step + " would read about " + rows + " rows of the " + tier.configName() + " tier; at most "
                            + MAX_ROWS + ": use a step that is a multiple of " + (tier == Tier.RAW ? "PT1M" : "PT1H") + ", or a shorter window");
        }
        return new SeriesQuery(series, alignedFrom, alignedTo, step, tier, aggs);
    }

    private static Tier coarsestDividing(Duration step) {
        Tier best = Tier.RAW;
        for (Tier tier : Tier.ROLLUPS) {
            if (step.toMillis() % tier.bucket().toMillis() == 0) {
                best = tier;
            }
        }
        return best;
    }

    private static boolean keeps(Tier tier, Instant from, Instant now, Retention retention) {
        return retention.of(tier).map(keep -> !from.isBefore(now.minus(keep))).orElse(true);
    }

    /** The finest tier that still holds data at {@code from}. */
    private static Tier finestKeeping(Instant from, Instant now, Retention retention) {
        for (Tier tier : Tier.values()) {
            if (keeps(tier, from, now, retention)) {
                return tier;
            }
        }
        return Tier.HOUR;
    }

    private static Instant instant(String name, String value) {
        try {
            Instant t = Instant.parse(value);
            if (!Times.inWindow(t)) {
                throw new IllegalArgumentException("'" + name + "' must lie within 2000-01-01..2100-01-01 (got '" + value + "')");
            }
            return t;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 UTC time like 2026-11-25T07:00:00Z (got '" + value + "')");
        }
    }

    private static Duration duration(String text) {
        Duration step;
        try {
            step = Duration.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'step' must be an ISO-8601 duration like PT1M, PT1H or P1D (got '" + text + "')");
        }
        if (step.compareTo(MIN_STEP) < 0 || step.compareTo(MAX_STEP) > 0 || step.getNano() != 0) {
            throw new IllegalArgumentException("'step' must be a whole number of seconds from PT1S to P366D (got '" + text + "')");
        }
        return step;
    }
}
