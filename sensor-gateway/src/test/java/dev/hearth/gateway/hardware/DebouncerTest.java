package dev.hearth.gateway.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DebouncerTest {

    private static final long MS = 1_000_000;

    @Test
    void aNewLevelCountsOnlyOnceItHeldForTheHoldTime() {
        Debouncer d = new Debouncer(false, 50 * MS, 0);
        d.raw(true, 10 * MS);
        assertThat(d.stable(40 * MS)).isFalse();
        assertThat(d.stable(60 * MS)).isTrue();
    }

    @Test
    void bouncesRestartTheHoldAndAGlitchBackToTheOldLevelIsNeverReported() {
        Debouncer d = new Debouncer(false, 50 * MS, 0);
        d.raw(true, 10 * MS);
        d.raw(false, 12 * MS);
        d.raw(true, 14 * MS); // a contact closing: three edges in 4 ms
        assertThat(d.stable(60 * MS)).as("held 46 ms only").isFalse();
        assertThat(d.stable(64 * MS)).isTrue();

        d.raw(false, 100 * MS);
        d.raw(true, 120 * MS); // a 20 ms glitch
        assertThat(d.stable(200 * MS)).isTrue();
    }
}
