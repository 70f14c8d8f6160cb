package dev.hearth.history.query;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import dev.hearth.contract.Times;

/** A query's [from, to) window, with defaults (the last 24 hours) and the checks a caller deserves to hear about. */
public record TimeRange(Instant from, Instant to) {

    public static final Duration DEFAULT_SPAN = Duration.ofHours(24);

    /** Parses the query parameters; throws {@link IllegalArgumentException} with a message meant for the caller. */
    public static TimeRange parse(String from, String to, Instant now) {
        Instant end = to == null || to.isBlank() ? now : instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(DEFAULT_SPAN) : instant("from", from);
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("'from' (" + start + ") must be before 'to' (" + end + ")");
        }
        return new TimeRange(start, end);
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
}
