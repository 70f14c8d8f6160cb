package dev.hearth.gateway.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hearth.contract.payload.Cause;
import dev.hearth.contract.payload.Command;

class ActuatorBankTest {

    private static final Instant T0 = Instant.parse("2026-11-25T07:00:00.000Z");

    private final ActuatorBank bank = new ActuatorBank(List.of(
            new ActuatorBank.Spec("heater", 0, 1, 0, "ratio"),
            new ActuatorBank.Spec("vent", 0, 1, 1, "ratio")), 3);

    @Test
    void startsEveryOutputAtItsFailsafeValue() {
        List<ActuatorChange> changes = bank.start(T0);
        assertThat(changes).extracting(ActuatorChange::actuator, ActuatorChange::value, ActuatorChange::cause)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("heater", 0.0, Cause.STARTUP),
                        org.assertj.core.groups.Tuple.tuple("vent", 1.0, Cause.STARTUP));
    }

    @Test
    void appliesACommandInRange() {
        ActuatorBank.Outcome outcome = bank.apply("heater", new Command("c1", 0.4, "loop:x", T0, 30_000L), T0);
        assertThat(outcome.accepted()).isTrue();
        assertThat(outcome.change().cause()).isEqualTo(Cause.COMMAND);
        assertThat(outcome.change().command()).isEqualTo("c1");
        assertThat(bank.value("heater")).isEqualTo(0.4);
    }

    @Test
    void refusesOutOfRangeUnknownExpiredAndRepeatedCommands() {
        assertThat(bank.apply("heater", new Command("a", 1.5, "s", T0, null), T0).rejection()).contains("outside");
        assertThat(bank.apply("heater", new Command("b", Double.NaN, "s", T0, null), T0).rejection()).contains("outside");
        assertThat(bank.apply("oven", new Command("c", 0.1, "s", T0, null), T0).rejection()).contains("unknown actuator");
        assertThat(bank.apply("heater", new Command("d", 0.5, "s", T0, 1000L), T0.plusSeconds(2)).rejection()).contains("expired");
        assertThat(bank.apply("heater", new Command("e", 0.5, "s", T0, null), T0).accepted()).isTrue();
        assertThat(bank.apply("heater", new Command("e", 0.9, "s", T0, null), T0).rejection()).contains("already applied");
        assertThat(bank.value("heater")).isEqualTo(0.5);
    }

    @Test
    void forgetsTheOldestIdsBeyondItsMemory() {
        for (String id : List.of("1", "2", "3", "4")) {
            assertThat(bank.apply("heater", new Command(id, 0.1, "s", T0, null), T0).accepted()).isTrue();
        }
        assertThat(bank.apply("heater", new Command("1", 0.2, "s", T0, null), T0).accepted()).isTrue();
        assertThat(bank.apply("heater", new Command("4", 0.2, "s", T0, null), T0).accepted()).isFalse();
    }

    @Test
    void returnsToFailsafeWhenTheTimeToLiveRunsOut() {
        bank.apply("heater", new Command("c1", 0.8, "loop:x", T0, 5_000L), T0);
        assertThat(bank.expire(T0.plusMillis(4_999))).isEmpty();
        List<ActuatorChange> expired = bank.expire(T0.plusMillis(5_000));
        assertThat(expired).singleElement().satisfies(c -> {
            assertThat(c.actuator()).isEqualTo("heater");
            assertThat(c.value()).isZero();
            assertThat(c.cause()).isEqualTo(Cause.EXPIRED);
        });
        assertThat(bank.value("heater")).isZero();
        assertThat(bank.expire(T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void aCommandWithoutTtlHoldsUntilFailsafe() {
        bank.apply("heater", new Command("c1", 0.8, "web:admin", T0, null), T0);
        assertThat(bank.expire(T0.plusSeconds(3600))).isEmpty();
        List<ActuatorChange> changes = bank.failsafeAll(Cause.FAILSAFE, T0.plusSeconds(3600), false);
        assertThat(changes).extracting(ActuatorChange::actuator).containsExactly("heater");
        assertThat(bank.value("heater")).isZero();
        assertThat(bank.failsafeAll(Cause.FAILSAFE, T0.plusSeconds(3601), false)).isEmpty();
        assertThat(bank.failsafeAll(Cause.SHUTDOWN, T0.plusSeconds(3602), true)).hasSize(2);
    }
}
