package dev.hearth.contract;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;

/**
 * The contract's times: ISO-8601 UTC with exactly three fraction digits ({@code 2026-11-25T07:00:00.123Z}), inside
 * [2000-01-01, 2100-01-01). The window keeps impossible times (year -5000, +200000) out of every store and clock.
 */
public final class Times {

    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** Exclusive. */
    public static final Instant LATEST = Instant.parse("2100-01-01T00:00:00Z");

    /** What a contract time looks like, {@code d} for a digit. */
    private static final String SHAPE = "dddd-dd-ddTdd:dd:dd.dddZ";

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

    /**
     * Parses a contract time; the {@link Rejection}'s reason is {@link Reason#BAD_TIME}. Read digit by digit, like
     * {@link #format}: every reading passes through here, and a regular expression, {@code Instant.parse} and a
     * formatter's round trip stood out in a CPU profile of history-service's ingest (bench/history's figure did not
     * move measurably without them: the database's side dominates).
     */
    public static Parsed<Instant> parse(String field, String text) {
        if (!hasShape(text)) {
            return Parsed.rejected(Reason.BAD_TIME, "'" + field + "' must be an ISO-8601 UTC time with three fraction digits, like "
                    + "2026-11-25T07:00:00.123Z");
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        // No 24:00 and no leap second 60: the contract has neither (java.time would read them as the next midnight, 59).
        if (month < 1 || month > 12 || day < 1 || day > Month.of(month).length(Year.isLeap(year)) || hour > 23 || minute > 59
                || second > 59) {
            return Parsed.rejected(Reason.BAD_TIME, "'" + field + "' is not a calendar time: " + text);
        }
        Instant t = Instant.ofEpochSecond(LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3_600 + minute * 60 + second,
                number(text, 20, 3) * 1_000_000L);
        if (!inWindow(t)) {
            return Parsed.rejected(Reason.BAD_TIME, "'" + field + "' " + text + " is outside 2000-01-01..2100-01-01");
        }
        return Parsed.ok(t);
    }

    /** {@code dddd-dd-ddTdd:dd:dd.dddZ}, with ASCII digits only. */
    private static boolean hasShape(String text) {
        if (text == null || text.length() != 24) {
            return false;
        }
        for (int i = 0; i < 24; i++) {
            char c = text.charAt(i);
            char expected = SHAPE.charAt(i);
            if (expected == 'd' ? c < '0' || c > '9' : c != expected) {
                return false;
            }
        }
        return true;
    }

    private static int number(String text, int at, int width) {
        int value = 0;
        for (int i = at; i < at + width; i++) {
            value = value * 10 + (text.charAt(i) - '0');
        }
        return value;
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
