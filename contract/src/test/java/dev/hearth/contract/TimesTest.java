package dev.hearth.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TimesTest {

    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void formatsLikeTheIsoPatternAcrossTheWholeWindow() {
        Random random = new Random(5);
        long span = Times.LATEST.toEpochMilli() - Times.EARLIEST.toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            Instant t = Times.EARLIEST.plusMillis((long) (random.nextDouble() * span)).plusNanos(random.nextInt(1_000_000));
            String text = Times.format(t);
            assertThat(text).isEqualTo(REFERENCE.format(t.truncatedTo(ChronoUnit.MILLIS)));
            assertThat(Times.parse("t", text).value()).isEqualTo(t.truncatedTo(ChronoUnit.MILLIS));
        }
        assertThat(Times.format(Times.EARLIEST)).isEqualTo("2000-01-01T00:00:00.000Z");
        assertThat(Times.format(Times.LATEST.minusNanos(1))).isEqualTo("2099-12-31T23:59:59.999Z");
        assertThat(Times.format(Instant.parse("2028-02-29T12:34:56.789123Z"))).isEqualTo("2028-02-29T12:34:56.789Z");
        assertThatThrownBy(() -> Times.format(Times.LATEST)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesLikeJavaTimeWithTheContractsRules() {
        Random random = new Random(11);
        String[] tricky = {"2024-02-29T00:00:00.000Z", "2023-02-29T00:00:00.000Z", "2100-02-29T00:00:00.000Z", "2000-02-29T23:59:59.999Z",
            "2026-04-31T10:00:00.000Z", "2026-13-01T10:00:00.000Z", "2026-00-10T10:00:00.000Z", "2026-01-00T10:00:00.000Z",
            "2026-11-25T24:00:00.000Z", "2026-11-25T23:60:00.000Z", "2026-12-31T23:59:60.000Z", "1999-12-31T23:59:59.999Z",
            "2100-01-01T00:00:00.000Z", "2099-12-31T23:59:59.999Z", "2000-01-01T00:00:00.000Z", "-5000-01-01T00:00:00.000Z",
            "2026-11-25T07:00:00.12Z", "2026-11-25T07:00:00.1234Z", "2026-11-25 07:00:00.123Z", "2026-11-25T07:00:00.123+01:00",
            "2026-11-25T07:00:00.123z", "2026-11-25T07:00:0a.123Z", "２026-11-25T07:00:00.123Z", "", null};
        for (String text : tricky) {
            assertSameAsReference(text);
        }
        for (int i = 0; i < 100_000; i++) {
            assertSameAsReference(String.format("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", 1990 + random.nextInt(120), random.nextInt(14),
                    random.nextInt(33), random.nextInt(26), random.nextInt(62), random.nextInt(62), random.nextInt(1000)));
        }
    }

    private static void assertSameAsReference(String text) {
        Parsed<Instant> parsed = Times.parse("t", text);
        Parsed<Instant> expected = reference(text);
        assertThat(parsed.rejection()).as(text).isEqualTo(expected.rejection());
        if (expected.isOk()) {
            assertThat(parsed.value()).as(text).isEqualTo(expected.value());
        }
    }

    /** The definition through java.time: the shape, a calendar time that formats back to itself, in the window. */
    private static Parsed<Instant> reference(String text) {
        if (text == null || !text.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z")) {
            return Parsed.rejected(Reason.BAD_TIME, "'t' must be an ISO-8601 UTC time with three fraction digits, like 2026-11-25T07:00:00.123Z");
        }
        Instant t;
        try {
            t = Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Parsed.rejected(Reason.BAD_TIME, "'t' is not a calendar time: " + text);
        }
        if (!REFERENCE.format(t).equals(text)) {
            return Parsed.rejected(Reason.BAD_TIME, "'t' is not a calendar time: " + text);
        }
        if (!Times.inWindow(t)) {
            return Parsed.rejected(Reason.BAD_TIME, "'t' " + text + " is outside 2000-01-01..2100-01-01");
        }
        return Parsed.ok(t);
    }
}
