package dev.hearth.control.pid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PidControllerTest {

    @Test
    void proportionalOnlyOutputIsGainTimesError() {
        PidStep step = PidController.step(new PidGains(0.5, 0, 0, -10, 10), PidState.INITIAL, 21, 20, 1);
        assertThat(step.output()).isEqualTo(0.5);
        assertThat(step.p()).isEqualTo(0.5);
        assertThat(step.saturated()).isFalse();
    }

    @Test
    void integralAccumulatesErrorOverTime() {
        PidGains gains = new PidGains(0, 0.1, 0, -10, 10);
        PidStep first = PidController.step(gains, PidState.INITIAL, 21, 20, 2);
        PidStep second = PidController.step(gains, first.next(), 21, 20, 2);
        assertThat(first.i()).isCloseTo(0.2, within(1e-12));
        assertThat(second.i()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void derivativeActsOnTheMeasurementSoASetpointStepDoesNotKick() {
        PidGains gains = new PidGains(0, 0, 2, -10, 10);
        PidStep first = PidController.step(gains, PidState.INITIAL, 20, 20, 1);
        PidStep setpointJump = PidController.step(gains, first.next(), 25, 20, 1);
        assertThat(setpointJump.d()).isZero();
        PidStep rising = PidController.step(gains, setpointJump.next(), 25, 20.5, 1);
        assertThat(rising.d()).isCloseTo(-1.0, within(1e-12));
    }

    @Test
    void clampsTheOutputAndStopsWindingUpWhileSaturated() {
        // P alone asks for half the output; the integral adds 0.1 a second until the output saturates after 5 s.
        PidGains gains = new PidGains(0.05, 0.01, 0, 0, 1);
        PidState state = PidState.INITIAL;
        PidStep step = null;
        for (int i = 0; i < 100; i++) { // a long cold spell: error 10 for 100 s
            step = PidController.step(gains, state, 20, 10, 1);
            state = step.next();
        }
        assertThat(step.output()).isEqualTo(1);
        assertThat(step.saturated()).isTrue();
        // The integral stopped where the output saturated (0.5, give or take the step that crossed), not at the clamp (1).
        assertThat(step.i()).isCloseTo(0.5, within(0.1));
        // Once the room overshoots, the output drops at once to about what the integral holds, instead of staying
        // pinned at 1 while 95 s of extra integral unwind.
        PidStep overshoot = PidController.step(gains, state, 20, 20.5, 1);
        assertThat(overshoot.output()).isLessThan(0.6);
    }
}
