package dev.hearth.control.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RelayAutotuneTest {

    private static RelayAutotune.Phase run(RelayAutotune tune, FopdtPlant plant, double sp, int seconds) {
        for (int t = 0; t < seconds && tune.phase() == RelayAutotune.Phase.RUNNING; t++) {
            plant.step(tune.step(plant.y, sp, 1, t * 1000L).value());
        }
        return tune.phase();
    }

    @Test
    void findsTheUltimateGainAndPeriodOfAKnownPlantWithin25Percent() {
        FopdtPlant plant = new FopdtPlant(1, 100, 20, 1, 1);
        RelayAutotune tune = new RelayAutotune(0, 2, 0.02, -10, 10, 4 * 3600_000L);
        assertThat(run(tune, plant, 1, 4 * 3600)).isEqualTo(RelayAutotune.Phase.DONE);
        RelayAutotune.Result result = tune.result();
        assertThat(result.ku()).isCloseTo(plant.ultimateGain(), within(0.25 * plant.ultimateGain()));
        assertThat(result.puSeconds()).isCloseTo(plant.ultimatePeriodSeconds(), within(0.25 * plant.ultimatePeriodSeconds()));
        assertThat(result.proposals()).extracting(RelayAutotune.Proposal::rule).containsExactly("ziegler-nichols", "tyreus-luyben");
        RelayAutotune.Proposal zn = result.proposals().get(0);
        assertThat(zn.kp()).isCloseTo(0.6 * result.ku(), within(1e-9));
        assertThat(zn.ki()).isCloseTo(zn.kp() / (result.puSeconds() / 2), within(1e-9));
    }

    @Test
    void theProposedGainsControlThePlant() {
        FopdtPlant plant = new FopdtPlant(1, 100, 20, 1, 1);
        RelayAutotune tune = new RelayAutotune(0, 2, 0.02, -10, 10, 4 * 3600_000L);
        run(tune, plant, 1, 4 * 3600);
        RelayAutotune.Proposal gentle = tune.result().proposals().get(1);
        Pid pid = new Pid(new PidGains(gentle.kp(), gentle.ki(), gentle.kd(), 0, 2));
        FopdtPlant fresh = new FopdtPlant(1, 100, 20, 1, 0);
        for (int t = 0; t < 3600; t++) {
            fresh.step(pid.step(fresh.y, 1, 1, t * 1000L).value());
        }
        assertThat(fresh.y).isCloseTo(1, within(0.01));
    }

    @Test
    void failsSafelyWhenTheProcessLeavesItsSafeRange() {
        FopdtPlant plant = new FopdtPlant(1, 100, 20, 1, 1);
        plant.disturbance = 5; // something else heats: the process runs away upwards
        RelayAutotune tune = new RelayAutotune(0, 2, 0.02, -10, 3, 4 * 3600_000L);
        assertThat(run(tune, plant, 1, 4 * 3600)).isEqualTo(RelayAutotune.Phase.FAILED);
        assertThat(tune.failure()).contains("left the safe range");
        assertThat(tune.step(plant.y, 1, 1, 0).value()).as("output after failing").isEqualTo(0);
    }

    @Test
    void failsWhenNoSteadyOscillationAppearsBeforeTheTimeout() {
        FopdtPlant sluggish = new FopdtPlant(1, 100_000, 20, 1, 0);
        RelayAutotune tune = new RelayAutotune(0, 2, 0.02, -10, 10, 600_000L);
        assertThat(run(tune, sluggish, 1, 3600)).isEqualTo(RelayAutotune.Phase.FAILED);
        assertThat(tune.failure()).contains("no steady oscillation");
    }
}
