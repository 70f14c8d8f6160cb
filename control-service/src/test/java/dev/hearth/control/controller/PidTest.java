package dev.hearth.control.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PidTest {

    /** A room-like process: gain 2, time constant 60 s, dead time 10 s; sampled every second. */
    private static FopdtPlant plant() {
        return new FopdtPlant(2, 60, 10, 1, 0);
    }

    /** SIMC tuning for that plant (τc = θ): kp = τ / (K·2θ) = 1.5, Ti = τ = 60 s. */
    private static final PidGains TUNED = new PidGains(1.5, 1.5 / 60, 0, 0, 10);

    @Test
    void proportionalOnlyOutputIsGainTimesError() {
        Controller.Output out = new Pid(new PidGains(0.5, 0, 0, -10, 10)).step(20, 21, 1, 0);
        assertThat(out.value()).isEqualTo(0.5);
        assertThat(out.p()).isEqualTo(0.5);
        assertThat(out.saturated()).isFalse();
    }

    @Test
    void integralAccumulatesErrorOverTime() {
        Pid pid = new Pid(new PidGains(0, 0.1, 0, -10, 10));
        assertThat(pid.step(20, 21, 2, 0).i()).isCloseTo(0.2, within(1e-12));
        assertThat(pid.step(20, 21, 2, 2000).i()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void derivativeActsOnTheMeasurementSoASetpointStepDoesNotKick() {
        Pid pid = new Pid(new PidGains(0, 0, 2, -10, 10));
        pid.step(20, 20, 1, 0);
        assertThat(pid.step(20, 25, 1, 1000).d()).isZero();
        assertThat(pid.step(20.5, 25, 1, 2000).d()).isNegative();
    }

    @Test
    void aStepResponseSettlesWithinFiveMinutesWithLittleOvershootAndNoSteadyStateError() {
        FopdtPlant plant = plant();
        Pid pid = new Pid(TUNED);
        double sp = 10;
        double peak = 0;
        Double settledAt = null;
        for (int t = 0; t < 1200; t++) {
            double y = plant.step(pid.step(plant.y, sp, 1, t * 1000L).value());
            peak = Math.max(peak, y);
            if (Math.abs(y - sp) > 0.02 * sp) {
                settledAt = null;
            } else if (settledAt == null) {
                settledAt = (double) t;
            }
        }
        assertThat(settledAt).as("settled (within 2 %%) from").isNotNull().isLessThan(300.0);
        assertThat(peak - sp).as("overshoot").isLessThan(0.10 * sp);
        assertThat(plant.y).as("after 20 min").isCloseTo(sp, within(0.01));
    }

    @Test
    void antiWindupRecoversFromALongSaturationWithoutALargeOvershoot() {
        assertThat(overshootAfterSaturation(true)).isLessThan(1.0);
        // The same run without anti-windup: the integral winds up while the output is pinned, and the process
        // overshoots far once the disturbance is gone. This is the failure the first assertion guards against.
        assertThat(overshootAfterSaturation(false)).isGreaterThan(3.0);
    }

    /** Settled at 10, then a disturbance (an open window) the heater cannot beat for 15 min, then closed again. */
    private static double overshootAfterSaturation(boolean antiWindup) {
        FopdtPlant plant = plant();
        Pid pid = new Pid(TUNED, antiWindup);
        double sp = 10;
        int t = 0;
        for (; t < 600; t++) {
            plant.step(pid.step(plant.y, sp, 1, t * 1000L).value());
        }
        plant.disturbance = -30;
        for (; t < 1500; t++) {
            plant.step(pid.step(plant.y, sp, 1, t * 1000L).value());
        }
        plant.disturbance = 0;
        double peak = 0;
        for (; t < 3000; t++) {
            peak = Math.max(peak, plant.step(pid.step(plant.y, sp, 1, t * 1000L).value()));
        }
        return peak - sp;
    }

    @Test
    void returningToAutomaticContinuesFromTheLastManualOutput() {
        Pid pid = new Pid(TUNED);
        pid.track(4.2, 9.5, 10);
        assertThat(pid.step(9.5, 10, 1, 0).value()).isCloseTo(4.2 + TUNED.ki() * 0.5, within(1e-9));
    }

    @Test
    void backInAutomaticAfterBeingOffFarBelowTheSetpointItHeatsAtOnce() {
        // Found by trying the dashboard: off, then auto, 4 °C below the setpoint; the heater ran at 23-38 % for
        // minutes, its integral wound down to -kp·error while the loop was off.
        Pid pid = new Pid(new PidGains(0.4, 9e-4, 0, 0, 1));
        for (int t = 0; t < 600; t++) {
            pid.track(0, 22.5 - 4.0 * t / 600, 22.5); // off: the output is 0 while the room cools
        }
        assertThat(pid.step(18.5, 22.5, 5, 0).value()).isEqualTo(1.0);
    }

    @Test
    void aGainChangeDoesNotMoveTheOutput() {
        Pid pid = new Pid(TUNED);
        for (int t = 0; t < 50; t++) {
            pid.step(8, 10, 1, t * 1000L);
        }
        double before = pid.step(8, 10, 1, 50_000).value();
        pid.retune(new PidGains(3, 0, 0, 0, 10), 8, 10);
        assertThat(pid.step(8, 10, 1, 51_000).value()).isCloseTo(before, within(1e-9));
    }
}
