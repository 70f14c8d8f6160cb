package dev.hearth.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * The contract's times: ISO-8601 UTC with exactly three fraction digits ({@code 2026-11-25T07:00:00.123Z}), inside
 * [2000-01-01, 2100-01-01). The window keeps impossible times (year -5000, +200000) out of every store and clock.
 */
public final class Times {

    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Exclusive. */
    public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    private Times() {
    }

    /** The contract's form of {@code t}, truncated to the millisecond. */
    public static String format(Instant t) {
        if (!inWindow(t)) {
            throw new IllegalArgumentException("time " + t + " is outside " + EARLIEST + ".." + LATEST);
        }
        return FORMAT.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Parses a contract time; the {@link Rejection}'s reason is {@link Reason#BAD_TIME}. */
    public static Parsed<Instant> parse(String field, String text) {
        if (text == null || !SHAPE.matcher(text).matches()) {
            return Parsed.rejected(Reason.BAD_TIME, "'" + field + "' must be an ISO-8601 UTC time with three fraction digits, like "
                    + "2026-11-25T07:00:00.123Z");
        }
        Instant t;
        try {
            t = Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Parsed.rejected(Reason.BAD_TIME, "'" + field + "' is not a calendar time: " + text);
        }
        if (!inWindow(t)) {
            return Parsed.rejected(Reason.BAD_TIME, "'" + field + "' " + text + " is outside 2000-01-01..2100-01-01");
        }
        if (!FORMAT.format(t).equals(text)) {
            // java.time reads 24:00 as the next midnight and a leap second 60 as 59; the contract has neither.
            return Parsed.rejected(Reason.BAD_TIME, "'" + field + "' is not a calendar time: " + text);
        }
        return Parsed.ok(t);
    }

    public static boolean inWindow(Instant t) {
        return t != null && !t.isBefore(EARLIEST) && t.isBefore(LATEST);
    }

    /**
     * For readers that know their clock: null when {@code t} is at most {@code tolerance} ahead of {@code now}, else a
     * {@link Reason#BAD_TIME} rejection (a clock far ahead would, for instance, keep a command alive for too long).
     */
    public static Rejection notFurtherInFuture(String field, Instant t, Instant now, Duration tolerance) {
        if (t.isAfter(now.plus(tolerance))) {
            return new Rejection(Reason.BAD_TIME, "'" + field + "' " + format(t) + " is more than " + tolerance.toSeconds()
                    + " s ahead of this clock (" + format(now) + ")");
        }
        return null;
    }
}
