package dev.hearth.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
}
