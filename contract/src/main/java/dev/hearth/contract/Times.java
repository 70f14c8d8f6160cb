package dev.hearth.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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

    /**
     * The contract's form of {@code t}, truncated to the millisecond. Written digit by digit: a DateTimeFormatter took
     * 5 ms for the 8,760 bucket times of a year of hours, a sixth of history-service's whole answer.
     */
    public static String format(Instant t) {
        if (!inWindow(t)) {
            throw new IllegalArgumentException("time " + t + " is outside " + EARLIEST + ".." + LATEST);
        }
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        char[] c = new char[24];
        digits(c, 0, d.getYear(), 4);
        c[4] = '-';
        digits(c, 5, d.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, d.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, d.getHour(), 2);
        c[13] = ':';
        digits(c, 14, d.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, d.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, t.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void digits(char[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
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
