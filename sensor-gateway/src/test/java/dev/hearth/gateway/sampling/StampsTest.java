package dev.hearth.gateway.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A reading's time: the wall clock's, never twice the same, and following the clock when it is set right. */
class StampsTest {

    private static final long T = 1_795_000_000_000L;

    @Test
    void readingsInOneMillisecondGetTimesOneMillisecondApart() {
        SensorSampler.Stamps stamps = new SensorSampler.Stamps();
        assertThat(stamps.timeAfterLast(T).toEpochMilli()).isEqualTo(T);
        assertThat(stamps.timeAfterLast(T).toEpochMilli()).isEqualTo(T + 1);
        assertThat(stamps.timeAfterLast(T + 300).toEpochMilli()).isEqualTo(T + 300);
    }

    @Test
    void aSmallStepBackKeepsTheOrderAndALargeOneIsFollowed() {
        SensorSampler.Stamps stamps = new SensorSampler.Stamps();
        stamps.timeAfterLast(T);
        // An NTP slew of half a second: readings go on just after the last one.
        assertThat(stamps.timeAfterLast(T - 500).toEpochMilli()).isEqualTo(T + 1);
        // A clock an hour fast set right (found in a review: an hour of readings were stamped 1 ms apart, ahead of every
        // other clock, and control-service refused them all, leaving the loops without input for that hour).
        stamps.timeAfterLast(T + 3_600_000);
        assertThat(stamps.timeAfterLast(T + 5_000).toEpochMilli()).isEqualTo(T + 5_000);
        assertThat(stamps.timeAfterLast(T + 5_300).toEpochMilli()).isEqualTo(T + 5_300);
    }
}
