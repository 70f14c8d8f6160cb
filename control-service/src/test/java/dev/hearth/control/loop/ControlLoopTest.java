package dev.hearth.control.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.hearth.contract.payload.LoopConfig;
import dev.hearth.contract.payload.LoopKind;
import dev.hearth.contract.payload.LoopMode;
import dev.hearth.contract.payload.LoopState;
import dev.hearth.control.controller.RelayAutotune;

class ControlLoopTest {

    private static final Instant T0 = Instant.parse("2026-11-25T07:00:00Z");
    private static final Duration STALE = Duration.ofSeconds(15);
    private static final ControlLoop.Timing TIMING = new ControlLoop.Timing(Duration.ofSeconds(2), Duration.ofHours(3));

    static LoopConfig pid(LoopMode mode, Double manual) {
        return new LoopConfig("living-climate", LoopKind.PID, "living-temp", "living-heater", mode, 21.0, 5.0, 30.0, 0.4, 0.002, 0.0, 0, 1,
                manual, 5000);
    }

    private static ControlLoop loop(LoopConfig config) {
        return new ControlLoop(config, TIMING, actuator -> false);
    }

    @Test
    void commandsNothingAndReportsStaleInputWithoutFreshReadings() {
        ControlLoop loop = loop(pid(LoopMode.AUTO, null));
        ControlLoop.Tick none = loop.tick(T0, 0, STALE);
        assertThat(none.state()).isEqualTo(LoopState.STALE_INPUT);
        assertThat(none.out()).isNull();

        loop.reading(20, T0);
        assertThat(loop.tick(T0.plusSeconds(5), 5_000, STALE).out()).isNotNull();
        ControlLoop.Tick stale = loop.tick(T0.plusSeconds(18), 18_000, STALE); // 15 s + 2 s of tolerated skew
        assertThat(stale.state()).isEqualTo(LoopState.STALE_INPUT);
        assertThat(stale.out()).isNull();
    }

    @Test
    void freshnessComesFromTheReadingsOwnTimeNotItsArrival() {
        ControlLoop loop = loop(pid(LoopMode.AUTO, null));
        // A retained reading an hour old arrives now: it is not fresh.
        loop.reading(20, T0.minusSeconds(3600));
        assertThat(loop.tick(T0, 0, STALE).state()).isEqualTo(LoopState.STALE_INPUT);
        // A replay of older readings after a newer one does not replace it.
        loop.reading(20.5, T0);
        loop.reading(10, T0.minusSeconds(30));
        assertThat(loop.tick(T0.plusSeconds(1), 1_000, STALE).pv()).isEqualTo(20.5);
        // A reading stamped far in the future says the sensor's clock is wrong: not fresh either.
        ControlLoop future = loop(pid(LoopMode.AUTO, null));
        future.reading(20, T0.plusSeconds(600));
        assertThat(future.tick(T0, 0, STALE).state()).isEqualTo(LoopState.STALE_INPUT);
    }

    @Test
    void aClockSteppedBackDoesNotLeaveTheLoopWithoutInputUntilItCatchesUp() {
        ControlLoop loop = loop(pid(LoopMode.AUTO, null));
        // Readings stamped by a clock an hour fast, then both clocks set back by NTP.
        loop.reading(19, T0.plusSeconds(3600), T0.plusSeconds(3600));
        loop.reading(20, T0.plusSeconds(5), T0.plusSeconds(5));
        ControlLoop.Tick after = loop.tick(T0.plusSeconds(6), 6_000, STALE);
        assertThat(after.state()).isEqualTo(LoopState.OK);
        assertThat(after.pv()).isEqualTo(20);
        // With the held reading within the skew of this clock, an older one is a replay and still ignored.
        loop.reading(10, T0, T0.plusSeconds(6));
        assertThat(loop.tick(T0.plusSeconds(7), 7_000, STALE).pv()).isEqualTo(20);
    }

    @Test
    void resumesAfterStaleInputWithoutAnIntegralKick() {
        ControlLoop loop = loop(pid(LoopMode.AUTO, null));
        long t = 0;
        for (; t < 60; t += 5) {
            loop.reading(20, T0.plusSeconds(t));
            loop.tick(T0.plusSeconds(t), t * 1000, STALE);
        }
        double before = loop.tick(T0.plusSeconds(t), t * 1000, STALE).i();
        // An hour without readings: no command, and the integral does not grow over the gap.
        assertThat(loop.tick(T0.plusSeconds(3600), 3_600_000, STALE).state()).isEqualTo(LoopState.STALE_INPUT);
        loop.reading(20, T0.plusSeconds(3605));
        ControlLoop.Tick resumed = loop.tick(T0.plusSeconds(3605), 3_605_000, STALE);
        assertThat(resumed.state()).isEqualTo(LoopState.OK);
        assertThat(resumed.i() - before).isCloseTo(0.002 * 1 * 5, within(1e-9)); // one tick of 5 s at error 1, not an hour's
        assertThat(resumed.d()).isZero();
    }

    @Test
    void manualModeCommandsTheManualOutputAndAutoContinuesFromIt() {
        ControlLoop loop = loop(pid(LoopMode.MANUAL, 0.6));
        loop.reading(21, T0);
        assertThat(loop.tick(T0, 0, STALE).out()).isEqualTo(0.6);
        loop.reconfigure(pid(LoopMode.AUTO, 0.6));
        // At zero error, the first automatic output is the last manual one: no bump.
        assertThat(loop.tick(T0.plusSeconds(5), 5_000, STALE).out()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void offModeCommandsNothing() {
        ControlLoop loop = loop(pid(LoopMode.OFF, null));
        loop.reading(10, T0);
        ControlLoop.Tick tick = loop.tick(T0, 0, STALE);
        assertThat(tick.state()).isEqualTo(LoopState.OFF);
        assertThat(tick.out()).isNull();
    }

    @Test
    void aPidOnARelayIsTimeProportioned() {
        LoopConfig config = new LoopConfig("living-climate", LoopKind.PID, "living-temp", "living-heater", LoopMode.AUTO, 21.0, null, null,
                0.5, 0.0, 0.0, 0, 1, null, 1000, null, null, null, null, 10_000L);
        ControlLoop loop = new ControlLoop(config, TIMING, actuator -> true);
        int on = 0;
        for (int s = 0; s < 100; s++) {
            loop.reading(20, T0.plusSeconds(s)); // error 1: duty 0.5
            ControlLoop.Tick tick = loop.tick(T0.plusSeconds(s), s * 1000L, STALE);
            assertThat(tick.out()).isIn(0.0, 1.0);
            on += tick.out() == 1.0 ? 1 : 0;
        }
        assertThat(on).isEqualTo(50);
    }

    @Test
    void autotuneRunsThenHandsBackTheModeItHad() {
        ControlLoop loop = loop(pid(LoopMode.AUTO, null));
        loop.reading(20, T0);
        loop.tick(T0, 0, STALE);
        loop.reconfigure(pid(LoopMode.AUTOTUNE, null));
        assertThat(loop.autotune().phase()).isEqualTo(RelayAutotune.Phase.RUNNING);
        ControlLoop.Tick tuning = loop.tick(T0.plusSeconds(5), 5_000, STALE);
        assertThat(tuning.state()).isEqualTo(LoopState.AUTOTUNE);
        assertThat(tuning.out()).isEqualTo(1.0); // below the setpoint: relay high
        assertThat(loop.modeAfterAutotune()).isEqualTo(LoopMode.AUTO);
        // Input gone: the autotune fails safely rather than driving blind.
        assertThat(loop.tick(T0.plusSeconds(60), 60_000, STALE).out()).isNull();
        assertThat(loop.autotune().phase()).isEqualTo(RelayAutotune.Phase.FAILED);
    }
}
