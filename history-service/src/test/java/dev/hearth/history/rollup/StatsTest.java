package dev.hearth.history.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class StatsTest {

    private static final List<Stats.Reading> UNEVEN = List.of(new Stats.Reading(0, 10), new Stats.Reading(10_000, 20),
            new Stats.Reading(40_000, 30));

    @Test
    void theMeanIsTimeWeightedOnUnevenSampling() {
        Stats stats = Stats.of(UNEVEN);
        // 10 for 10 s, 20 for 30 s, 30 for 20 s: 1300 / 60, where the plain average of the readings is 20.
        assertThat(stats.mean(0, 60_000, Double.NaN)).isCloseTo(1300 / 60.0, within(1e-9));
        assertThat(stats.count()).isEqualTo(3);
        assertThat(stats.min()).isEqualTo(10);
        assertThat(stats.max()).isEqualTo(30);
        assertThat(stats.last()).isEqualTo(30);
        assertThat(stats.integral()).isCloseTo(10 * 10 + 20 * 30, within(1e-9));
    }

    @Test
    void theValueBeforeTheWindowHoldsUntilItsFirstReading() {
        // 0 carried for the 20 s before the first reading.
        assertThat(Stats.of(UNEVEN).mean(-20_000, 60_000, 0)).isCloseTo(1300 / 80.0, within(1e-9));
        // Without a value before, the mean covers the time from the first reading on.
        assertThat(Stats.of(UNEVEN).mean(-20_000, 60_000, Double.NaN)).isCloseTo(1300 / 60.0, within(1e-9));
    }

    @Test
    void combiningStretchesInOrderEqualsTakingThemWhole() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            List<Stats.Reading> readings = new ArrayList<>();
            long t = random.nextInt(1000);
            for (int i = 0; i < 2 + random.nextInt(50); i++) {
                readings.add(new Stats.Reading(t, Math.round(random.nextGaussian() * 1000) / 10.0));
                t += 1 + random.nextInt(random.nextBoolean() ? 500 : 60_000);
            }
            int cut = 1 + random.nextInt(readings.size() - 1);
            Stats whole = Stats.of(readings);
            Stats joined = Stats.of(readings.subList(0, cut)).then(Stats.of(readings.subList(cut, readings.size())));
            assertThat(joined.count()).isEqualTo(whole.count());
            assertThat(joined.min()).isEqualTo(whole.min());
            assertThat(joined.max()).isEqualTo(whole.max());
            assertThat(joined.firstMs()).isEqualTo(whole.firstMs());
            assertThat(joined.lastMs()).isEqualTo(whole.lastMs());
            assertThat(joined.last()).isEqualTo(whole.last());
            assertThat(joined.integral()).isCloseTo(whole.integral(), within(1e-6 * Math.max(1, Math.abs(whole.integral()))));
        }
    }

    @Test
    void aMeanNeverFallsOutsideTheValuesItIsMadeOf() {
        // Found by a new user: a heater on throughout answered avg 0.9999999999999999 beside min and max 1.0.
        List<Stats.Reading> held = new ArrayList<>();
        for (long ts : new long[] {2004, 6699, 14992, 20803, 38741, 52548, 59075}) {
            held.add(new Stats.Reading(ts, 0.7));
        }
        Stats stats = Stats.of(held);
        assertThat(stats.mean(0, 60_000, Double.NaN)).isEqualTo(0.7);
        assertThat(stats.mean(0, 60_000, 0.7)).isEqualTo(0.7);
    }

    @Test
    void refusesToCombineOverlappingStretches() {
        assertThatThrownBy(() -> Stats.of(10, 1).then(Stats.of(10, 2))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Stats.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
