package dev.hearth.control.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OnOffControllersTest {

    @Test
    void hysteresisSwitchesOnlyOutsideItsBand() {
        Hysteresis thermostat = new Hysteresis(0.3, 0.3, 0, 0, 1);
        assertThat(thermostat.step(20.8, 21, 5, 0).value()).isEqualTo(0); // inside the band: stays off
        assertThat(thermostat.step(20.7, 21, 5, 5_000).value()).isEqualTo(1); // cold: on
        assertThat(thermostat.step(21.2, 21, 5, 10_000).value()).isEqualTo(1); // inside the band: stays on
        assertThat(thermostat.step(21.3, 21, 5, 15_000).value()).isEqualTo(0); // hot: off
    }

    @Test
    void hysteresisWaitsTheMinimumCycleBeforeSwitchingAgain() {
        Hysteresis thermostat = new Hysteresis(0.3, 0.3, 60_000, 0, 1);
        assertThat(thermostat.step(20, 21, 5, 0).value()).isEqualTo(1);
        assertThat(thermostat.step(22, 21, 5, 30_000).value()).as("30 s after switching on").isEqualTo(1);
        assertThat(thermostat.step(22, 21, 5, 60_000).value()).as("a minute after").isEqualTo(0);
    }

    @Test
    void aChangeToTheThermostatDoesNotResetItsMinimumCycle() {
        Hysteresis thermostat = new Hysteresis(0.3, 0.3, 60_000, 0, 1);
        assertThat(thermostat.step(20, 21, 5, 0).value()).isEqualTo(1);
        thermostat.retune(0.5, 0.5, 60_000, 0, 1);
        assertThat(thermostat.step(22, 21, 5, 30_000).value()).as("retuned 30 s after switching on").isEqualTo(1);
    }

    @Test
    void timeProportioningSwitchesAtMostOncePerCycleWhateverTheNoise() {
        TimeProportioning relay = new TimeProportioning(60_000, 0);
        int switches = 0;
        boolean last = false;
        java.util.Random noise = new java.util.Random(1);
        for (long t = 0; t < 600_000; t += 1000) {
            boolean on = relay.on(0.5 + noise.nextGaussian() * 0.3, t);
            switches += on != last ? 1 : 0;
            last = on;
        }
        assertThat(switches).isLessThanOrEqualTo(20); // ten cycles
    }

    @Test
    void thresholdHoldsTheLampOnAfterTheLightReturns() {
        Threshold lamp = new Threshold(120_000, 0, 1);
        assertThat(lamp.step(80, 40, 1, 0).value()).isEqualTo(0);
        assertThat(lamp.step(30, 40, 1, 1_000).value()).isEqualTo(1);
        assertThat(lamp.step(90, 40, 1, 60_000).value()).as("bright again, within the hold").isEqualTo(1);
        assertThat(lamp.step(90, 40, 1, 122_000).value()).as("after the hold").isEqualTo(0);
    }

    @Test
    void timeProportioningIsOnForTheDutyShareOfEachCycle() {
        TimeProportioning relay = new TimeProportioning(10_000, 0);
        int on = 0;
        for (long t = 0; t < 100_000; t += 100) {
            on += relay.on(0.3, t) ? 1 : 0;
        }
        assertThat(on).isEqualTo(300); // 30 % of 1,000 ticks
        assertThat(relay.on(0.3, 100_000)).isTrue(); // a new cycle starts on
        assertThat(relay.on(0.3, 103_000)).isFalse();
    }

    @Test
    void timeProportioningSkipsSwitchesShorterThanTheMinimum() {
        TimeProportioning relay = new TimeProportioning(600_000, 60_000);
        assertThat(relay.on(0.05, 0)).as("30 s on is not worth a switch").isFalse();
        TimeProportioning nearlyFull = new TimeProportioning(600_000, 60_000);
        assertThat(nearlyFull.on(0.95, 0)).isTrue();
        assertThat(nearlyFull.on(0.95, 575_000)).as("30 s off is not worth a switch either").isTrue();
        TimeProportioning mostly = new TimeProportioning(600_000, 60_000);
        assertThat(mostly.on(0.8, 0)).isTrue();
        assertThat(mostly.on(0.8, 485_000)).as("2 min off is").isFalse();
    }
}
