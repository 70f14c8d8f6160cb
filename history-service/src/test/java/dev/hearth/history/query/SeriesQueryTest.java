package dev.hearth.history.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.hearth.history.rollup.Tier;

class SeriesQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:34:56.789Z");
    private static final SeriesQuery.Retention DEFAULTS = tier -> switch (tier) {
        case RAW -> Optional.of(Duration.ofDays(30));
        case MINUTE -> Optional.of(Duration.ofDays(365));
        case HOUR -> Optional.empty();
    };

    private static SeriesQuery plan(String from, String to, String step) {
        return SeriesQuery.plan("sensors/x", from, to, step, null, NOW, DEFAULTS);
    }

    @Test
    void answersFromTheCoarsestTierWhoseBucketsDivideTheStep() {
        assertThat(plan("2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z", "PT30S").tier()).isEqualTo(Tier.RAW);
        assertThat(plan("2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z", "PT90S").tier()).isEqualTo(Tier.RAW);
        assertThat(plan("2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z", "PT1M").tier()).isEqualTo(Tier.MINUTE);
        assertThat(plan("2026-11-25T10:00:00Z", "2026-11-26T11:00:00Z", "PT5M").tier()).isEqualTo(Tier.MINUTE);
        assertThat(plan("2026-11-20T10:00:00Z", "2026-11-26T11:00:00Z", "PT1H").tier()).isEqualTo(Tier.HOUR);
        assertThat(plan("2025-11-20T10:00:00Z", "2026-11-26T11:00:00Z", "P1D").tier()).isEqualTo(Tier.HOUR);
    }

    @Test
    void withoutAStepPicksARoundOneForAboutAThousandPoints() {
        SeriesQuery hour = plan("2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z", null);
        assertThat(hour.step()).isEqualTo(Duration.ofSeconds(5));
        assertThat(hour.tier()).isEqualTo(Tier.RAW);
        SeriesQuery day = plan(null, null, null);
        assertThat(day.step()).isEqualTo(Duration.ofMinutes(2));
        assertThat(day.tier()).isEqualTo(Tier.MINUTE);
        SeriesQuery year = plan("2025-11-26T12:00:00Z", "2026-11-26T12:00:00Z", null);
        assertThat(year.step()).isEqualTo(Duration.ofHours(12));
        assertThat(year.tier()).isEqualTo(Tier.HOUR);
        for (SeriesQuery q : new SeriesQuery[] {hour, day, year}) {
            assertThat(Duration.between(q.from(), q.to()).dividedBy(q.step())).isBetween(1L, 1000L);
        }
    }

    @Test
    void widensTheWindowToWholeSteps() {
        SeriesQuery q = plan("2026-11-26T10:00:30Z", "2026-11-26T12:00:01Z", "PT1H");
        assertThat(q.from()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(q.to()).isEqualTo(Instant.parse("2026-11-26T13:00:00Z"));
    }

    @Test
    void pastARetentionUsesACoarserTierOrSaysWhy() {
        // An hour sixty days ago: raw readings are gone, so the automatic step is at least a minute.
        SeriesQuery old = plan("2026-09-27T10:00:00Z", "2026-09-27T11:00:00Z", null);
        assertThat(old.tier()).isEqualTo(Tier.MINUTE);
        assertThat(old.step()).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> plan("2026-09-27T10:00:00Z", "2026-09-27T11:00:00Z", "PT10S"))
                .hasMessageContaining("raw tier").hasMessageContaining("PT1M");
        assertThatThrownBy(() -> plan("2024-09-27T10:00:00Z", "2024-09-27T11:00:00Z", "PT1M")).hasMessageContaining("PT1H");
    }

    @Test
    void refusesWhatCannotBeAnswered() {
        assertThatThrownBy(() -> plan("2026-11-26T11:00:00Z", "2026-11-26T10:00:00Z", null)).hasMessageContaining("must be before");
        assertThatThrownBy(() -> plan("2026-11-26T11:00:00Z", "2026-11-26T11:00:00Z", null)).hasMessageContaining("must be before");
        assertThatThrownBy(() -> plan("yesterday", null, null)).hasMessageContaining("'from'");
        assertThatThrownBy(() -> plan(null, "1999-12-31T00:00:00Z", null)).hasMessageContaining("'to'");
        assertThatThrownBy(() -> plan(null, null, "1h")).hasMessageContaining("ISO-8601 duration");
        assertThatThrownBy(() -> plan(null, null, "PT0.5S")).hasMessageContaining("whole number of seconds");
        assertThatThrownBy(() -> plan(null, null, "PT1.5S")).hasMessageContaining("whole number of seconds");
        assertThatThrownBy(() -> plan(null, null, "-PT1M")).hasMessageContaining("from PT1S to P366D");
        // Found in review: these were 500s (a step that overflows, a window widened out of the contract's range).
        assertThatThrownBy(() -> plan(null, null, "PT9223372036854775807S")).hasMessageContaining("from PT1S to P366D");
        assertThatThrownBy(() -> plan(null, null, "P1000000D")).hasMessageContaining("from PT1S to P366D");
        assertThatThrownBy(() -> plan("2000-01-01T00:00:00Z", "2000-01-10T00:00:00Z", "P2D")).hasMessageContaining("widens");
        assertThatThrownBy(() -> plan("2099-12-31T00:00:00Z", "2099-12-31T23:30:00Z", "PT7H")).hasMessageContaining("widens");
        // A step that no rollup divides would read a month of raw readings.
        assertThatThrownBy(() -> plan("2026-10-28T00:00:00Z", "2026-11-26T00:00:00Z", "PT3601S")).hasMessageContaining("at most 200000");
        assertThatThrownBy(() -> plan(null, null, "PT1S")).hasMessageContaining("points over this window").hasMessageContaining("at most 10000");
        assertThatThrownBy(() -> SeriesQuery.plan("sensors/x", null, null, null, "avg,median", NOW, DEFAULTS))
                .hasMessageContaining("'median'");
        for (String empty : new String[] {",", "avg,", ",,max"}) { // found by a new user: "," answered buckets without figures
            assertThatThrownBy(() -> SeriesQuery.plan("sensors/x", null, null, null, empty, NOW, DEFAULTS)).hasMessageContaining("'agg'");
        }
        // No step given and the window cannot be cut into round steps within 2000..2100 without too many buckets.
        assertThatThrownBy(() -> plan("2000-01-01T00:00:00Z", "2099-12-31T23:59:59Z", null)).hasMessageContaining("shorter window");
    }

    @Test
    void withoutAStepNeverPicksOneThatWidensTheWindowPast2000() {
        // Found by a new user: "from the start" answered 400, naming a step of 30 days the caller had not chosen (buckets
        // are aligned to the epoch, and a 30-day bucket holding 2000-01-01 starts in 1999).
        SeriesQuery years = plan("2000-01-01T00:00:00Z", "2020-01-01T00:00:00Z", null);
        assertThat(years.from()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(years.step()).isEqualTo(Duration.ofDays(1));
        // Longer than the hourly rows a query may read: refused for its length, naming no step the caller did not give.
        assertThatThrownBy(() -> plan("2000-01-01T00:00:00Z", null, null)).hasMessageContaining("give a shorter window")
                .hasMessageNotContaining("step");
        SeriesQuery january = plan("2000-01-01T00:00:00Z", "2000-02-01T00:00:00Z", null);
        assertThat(january.from()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(january.step()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aggNamesTheFiguresToAnswer() {
        assertThat(SeriesQuery.plan("sensors/x", null, null, null, "max, avg", NOW, DEFAULTS).aggs()).containsExactly(Agg.AVG, Agg.MAX);
        assertThat(plan(null, null, null).aggs()).hasSize(5);
    }
}
