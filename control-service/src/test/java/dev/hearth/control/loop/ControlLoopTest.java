package dev.hearth.control.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class ControlLoopTest {

    private static final Instant T0 = Instant.parse("2026-11-25T07:00:00Z");

    private static LoopDefinition pid(String mode, Double manual) {
        return new LoopDefinition("living-climate", "pid", "living-temp", "living-heater", mode, 21, 5, 30, 0.4, 0.002, 0, 0,
                1, manual, 5000);
    }

    @Test
    void commandsNothingAndReportsStaleInputWithoutFreshReadings() {
        ControlLoop loop = new ControlLoop(pid("auto", null), Duration.ofSeconds(15));
        ControlLoop.Tick none = loop.tick(T0);
        assertThat(none.state()).isEqualTo("stale-input");
        assertThat(none.out()).isNull();

        loop.reading(20, T0);
        assertThat(loop.tick(T0.plusSeconds(5)).out()).isNotNull();
        ControlLoop.Tick stale = loop.tick(T0.plusSeconds(16));
        assertThat(stale.state()).isEqualTo("stale-input");
        assertThat(stale.out()).isNull();
        assertThat(stale.pv()).isEqualTo(20);
    }

    @Test
    void offCommandsNothingAndManualHoldsItsOutput() {
        ControlLoop off = new ControlLoop(pid("off", null), Duration.ofSeconds(15));
        off.reading(10, T0);
        assertThat(off.tick(T0).out()).isNull();
        assertThat(off.tick(T0).state()).isEqualTo("off");

        ControlLoop manual = new ControlLoop(pid("manual", 0.25), Duration.ofSeconds(15));
        assertThat(manual.tick(T0).out()).isEqualTo(0.25);
    }

    @Test
    void commandsLiveForThreeSamplePeriods() {
        assertThat(new ControlLoop(pid("auto", null), Duration.ofSeconds(15)).commandTtlMs()).isEqualTo(15000);
    }

    @Test
    void refusesAnInvalidDefinitionWithAClearMessage() {
        assertThatThrownBy(() -> new ControlLoop(new LoopDefinition("x", "pid", "s", "a", "auto", 40, 5, 30, 1, 0, 0, 0, 1,
                null, 5000), Duration.ofSeconds(1))).hasMessageContaining("setpoint 40.0 is outside");
        assertThatThrownBy(() -> new ControlLoop(new LoopDefinition("x", "fuzzy", "s", "a", "auto", 20, 5, 30, 1, 0, 0, 0, 1,
                null, 5000), Duration.ofSeconds(1))).hasMessageContaining("kind 'fuzzy'");
        assertThatThrownBy(() -> new ControlLoop(pid("manual", null), Duration.ofSeconds(1))).hasMessageContaining("manualOutput");
    }

    /** The loop closes: a first-order room like the simulated house settles at the setpoint. */
    @Test
    void settlesAFirstOrderRoomAtTheSetpoint() {
        ControlLoop loop = new ControlLoop(pid("auto", null), Duration.ofSeconds(15));
        double room = 15;
        double outdoor = 5;
        double heater = 0;
        Instant t = T0;
        for (int i = 0; i < 4 * 3600 / 5; i++) { // four hours at 5 s
            room += 5 * (25.0 / 1800 * heater - (room - outdoor) / 1800);
            t = t.plusSeconds(5);
            loop.reading(room, t);
            ControlLoop.Tick tick = loop.tick(t);
            heater = tick.out();
        }
        assertThat(room).isCloseTo(21, within(0.3));
        assertThat(heater).isCloseTo((21 - outdoor) / 25, within(0.05));
    }
}
