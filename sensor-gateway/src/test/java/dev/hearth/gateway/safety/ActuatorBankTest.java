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

    /** Wall clock and monotonic clock moving together, as they do unless the wall clock jumps. */
    private ActuatorBank.Outcome apply(String actuator, Command command, Instant at) {
        return bank.apply(actuator, command, at, at.toEpochMilli() - T0.toEpochMilli());
    }

    private List<ActuatorChange> expire(Instant at) {
        return bank.expire(at, at.toEpochMilli() - T0.toEpochMilli());
    }

    private final ActuatorBank guarded = new ActuatorBank(List.of(
            new ActuatorBank.Spec("heater", 0, 1, 0, "ratio", java.time.Duration.ofMinutes(5))), 16, java.time.Duration.ofSeconds(30));

    private final ActuatorBank boiler = new ActuatorBank(List.of(new ActuatorBank.Spec("boiler", 0, 1, 0, "", java.time.Duration.ofHours(1),
            true, java.time.Duration.ofMinutes(2), java.time.Duration.ofMinutes(1))), 16, java.time.Duration.ofSeconds(30));

    @Test
    void aRelayIsNotSwitchedAgainBeforeItsMinimumOnTimeButTheCommandIsKept() {
        assertThat(boiler.apply("boiler", new Command("on", 1, "loop:x", T0, 600_000L), T0, 0).change()).isNotNull();
        ActuatorBank.Outcome off = boiler.apply("boiler", new Command("off", 0, "loop:x", T0.plusSeconds(10), 600_000L),
                T0.plusSeconds(10), 10_000);
        assertThat(off.accepted()).isTrue();
        assertThat(off.change()).as("held back").isNull();
        assertThat(boiler.value("boiler")).isEqualTo(1);
        assertThat(boiler.expire(T0.plusSeconds(119), 119_000)).isEmpty();
        assertThat(boiler.expire(T0.plusSeconds(120), 120_000)).singleElement().satisfies(c -> {
            assertThat(c.value()).isZero();
            assertThat(c.cause()).isEqualTo(Cause.COMMAND);
            assertThat(c.command()).isEqualTo("off");
        });
        // Off now: on again only after the minimum off time.
        assertThat(boiler.apply("boiler", new Command("on2", 1, "loop:x", T0.plusSeconds(130), 600_000L), T0.plusSeconds(130), 130_000)
                .change()).isNull();
        assertThat(boiler.expire(T0.plusSeconds(180), 180_000)).singleElement().satisfies(c -> assertThat(c.value()).isEqualTo(1));
    }

    @Test
    void aRelayGivenAValueBetweenOffAndOnIsSetAndReportedAsTheEndItIsNearer() {
        ActuatorBank lamp = new ActuatorBank(List.of(new ActuatorBank.Spec("lamp", 0, 1, 0, "on/off", null, true, null, null)), 16,
                java.time.Duration.ofSeconds(30));
        lamp.start(T0, 0);

        assertThat(lamp.apply("lamp", new Command("half", 0.5, "user:x", T0, null), T0, 0).change().value()).isZero();
        assertThat(lamp.value("lamp")).isZero();
        assertThat(lamp.apply("lamp", new Command("most", 0.7, "user:x", T0, null), T0, 1).change().value()).isEqualTo(1.0);
        assertThat(lamp.value("lamp")).isEqualTo(1.0);
        assertThat(lamp.current()).singleElement().extracting(ActuatorChange::value).isEqualTo(1.0);
    }

    @Test
    void failsafeIsNeverDelayedByAMinimumTime() {
        boiler.apply("boiler", new Command("on", 1, "loop:x", T0, 5_000L), T0, 0);
        assertThat(boiler.expire(T0.plusSeconds(5), 5_000)).as("its TTL ran out 5 s after switching on")
                .singleElement().satisfies(c -> assertThat(c.cause()).isEqualTo(Cause.EXPIRED));
        assertThat(boiler.value("boiler")).isZero();
        boiler.apply("boiler", new Command("on-again", 1, "loop:x", T0.plusSeconds(6), 600_000L), T0.plusSeconds(6), 6_000);
        assertThat(boiler.value("boiler")).as("on-again is held back: off for less than a minute").isZero();
        boiler.failsafeAll(Cause.FAILSAFE, T0.plusSeconds(7), 7_000, false); // the broker is lost: the held command goes too
        assertThat(boiler.expire(T0.plusSeconds(600), 600_000)).isEmpty();
        assertThat(boiler.value("boiler")).isZero();
    }

    @Test
    void theMinimumOffTimeCountsFromAFailsafeSwitchToo() {
        boiler.apply("boiler", new Command("on", 1, "loop:x", T0, 3_600_000L), T0, 0);
        assertThat(boiler.failsafeAll(Cause.FAILSAFE, T0.plusSeconds(600), 600_000, false)).hasSize(1); // the broker is lost
        // Back a second later: the boiler was switched off a second ago, not ten minutes ago.
        assertThat(boiler.apply("boiler", new Command("on-again", 1, "loop:x", T0.plusSeconds(601), 600_000L), T0.plusSeconds(601),
                601_000).change()).as("held back").isNull();
        assertThat(boiler.value("boiler")).isZero();
        assertThat(boiler.expire(T0.plusSeconds(660), 660_000)).singleElement().satisfies(c -> assertThat(c.value()).isEqualTo(1));
    }

    @Test
    void aHeldBackCommandThatRunsOutWhileWaitingIsDropped() {
        boiler.apply("boiler", new Command("on", 1, "loop:x", T0, 600_000L), T0, 0);
        boiler.apply("boiler", new Command("off-briefly", 0, "loop:x", T0.plusSeconds(10), 30_000L), T0.plusSeconds(10), 10_000);
        assertThat(boiler.expire(T0.plusSeconds(120), 120_000)).isEmpty();
        assertThat(boiler.value("boiler")).isEqualTo(1);
    }

    @Test
    void aCommandStampedInTheFutureLivesItsTtlFromArrivalNotFromItsTs() {
        // A Pi without a clock chip before NTP, or a crafted command: ts 20 s ahead, within the tolerated skew.
        guarded.apply("heater", new Command("f1", 1, "loop:x", T0.plusSeconds(20), 15_000L), T0, 0);
        assertThat(guarded.expire(T0.plusSeconds(15), 15_000)).as("15 s after arrival").hasSize(1);
        assertThat(guarded.value("heater")).isZero();
    }

    @Test
    void aCommandStampedTooFarAheadIsRefused() {
        assertThat(guarded.apply("heater", new Command("f2", 1, "loop:x", T0.plusSeconds(3600), 15_000L), T0, 0).rejection())
                .contains("ahead of the gateway's clock");
        assertThat(guarded.value("heater")).isZero();
    }

    @Test
    void anOldCommandLivesOnlyWhatIsLeftOfItsTtl() {
        guarded.apply("heater", new Command("o1", 1, "loop:x", T0.minusSeconds(10), 15_000L), T0, 0);
        assertThat(guarded.expire(T0.plusSeconds(4), 4_000)).isEmpty();
        assertThat(guarded.expire(T0.plusSeconds(5), 5_000)).hasSize(1);
    }

    @Test
    void aWallClockJumpNeitherShortensNorStretchesALifetime() {
        guarded.apply("heater", new Command("j1", 1, "loop:x", T0, 15_000L), T0, 0);
        // NTP sets the clock back an hour 5 s later: the command still ends 15 s after it arrived, by the monotonic clock.
        assertThat(guarded.expire(T0.minusSeconds(3595), 5_000)).isEmpty();
        assertThat(guarded.expire(T0.minusSeconds(3585), 15_000)).hasSize(1);
    }

    @Test
    void aCommandWithoutTtlLivesTheMaximumFromItsTsSoAnOldOneSentAgainIsRefused() {
        // A retained command a cloud bridge hands on again at each reconnect, with the flag cleared: stamped 10 minutes
        // ago, past the heater's 5 minutes.
        assertThat(guarded.apply("heater", new Command("old", 1, "user:admin", T0.minusSeconds(600), null), T0, 0).rejection())
                .contains("expired");
        assertThat(guarded.value("heater")).isZero();
        // Stamped 4 minutes ago: one minute left.
        guarded.apply("heater", new Command("recent", 1, "user:admin", T0.minusSeconds(240), null), T0, 0);
        assertThat(guarded.expire(T0.plusSeconds(59), 59_000)).isEmpty();
        assertThat(guarded.expire(T0.plusSeconds(60), 60_000)).extracting(ActuatorChange::cause).containsExactly(Cause.EXPIRED);
    }

    @Test
    void noCommandHoldsTheHeaterLongerThanItsMaximumLifetime() {
        guarded.apply("heater", new Command("m1", 1, "user:admin", T0, null), T0, 0);
        assertThat(guarded.expire(T0.plusSeconds(299), 299_000)).isEmpty();
        assertThat(guarded.expire(T0.plusSeconds(300), 300_000)).as("no ttlMs: the maximum").hasSize(1);
        guarded.apply("heater", new Command("m2", 1, "user:admin", T0.plusSeconds(300), 86_400_000L), T0.plusSeconds(300), 300_000);
        assertThat(guarded.expire(T0.plusSeconds(600), 600_000)).as("a day's ttlMs: capped").hasSize(1);
    }

    @Test
    void startsEveryOutputAtItsFailsafeValue() {
        List<ActuatorChange> changes = bank.start(T0, 0);
        assertThat(changes).extracting(ActuatorChange::actuator, ActuatorChange::value, ActuatorChange::cause)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("heater", 0.0, Cause.STARTUP),
                        org.assertj.core.groups.Tuple.tuple("vent", 1.0, Cause.STARTUP));
    }

    @Test
    void appliesACommandInRange() {
        ActuatorBank.Outcome outcome = apply("heater", new Command("c1", 0.4, "loop:x", T0, 30_000L), T0);
        assertThat(outcome.accepted()).isTrue();
        assertThat(outcome.change().cause()).isEqualTo(Cause.COMMAND);
        assertThat(outcome.change().command()).isEqualTo("c1");
        assertThat(bank.value("heater")).isEqualTo(0.4);
    }

    @Test
    void refusesOutOfRangeUnknownExpiredAndRepeatedCommands() {
        assertThat(apply("heater", new Command("a", 1.5, "s", T0, null), T0).rejection()).contains("outside");
        assertThat(apply("heater", new Command("b", Double.NaN, "s", T0, null), T0).rejection()).contains("outside");
        assertThat(apply("oven", new Command("c", 0.1, "s", T0, null), T0).rejection()).contains("unknown actuator");
        assertThat(apply("heater", new Command("d", 0.5, "s", T0, 1000L), T0.plusSeconds(2)).rejection()).contains("expired");
        assertThat(apply("heater", new Command("e", 0.5, "s", T0, null), T0).accepted()).isTrue();
        assertThat(apply("heater", new Command("e", 0.9, "s", T0, null), T0).rejection()).contains("already applied");
        assertThat(bank.value("heater")).isEqualTo(0.5);
    }

    @Test
    void forgetsTheOldestIdsBeyondItsMemory() {
        for (String id : List.of("1", "2", "3", "4")) {
            assertThat(apply("heater", new Command(id, 0.1, "s", T0, null), T0).accepted()).isTrue();
        }
        assertThat(apply("heater", new Command("1", 0.2, "s", T0, null), T0).accepted()).isTrue();
        assertThat(apply("heater", new Command("4", 0.2, "s", T0, null), T0).accepted()).isFalse();
    }

    @Test
    void returnsToFailsafeWhenTheTimeToLiveRunsOut() {
        apply("heater", new Command("c1", 0.8, "loop:x", T0, 5_000L), T0);
        assertThat(expire(T0.plusMillis(4_999))).isEmpty();
        List<ActuatorChange> expired = expire(T0.plusMillis(5_000));
        assertThat(expired).singleElement().satisfies(c -> {
            assertThat(c.actuator()).isEqualTo("heater");
            assertThat(c.value()).isZero();
            assertThat(c.cause()).isEqualTo(Cause.EXPIRED);
        });
        assertThat(bank.value("heater")).isZero();
        assertThat(expire(T0.plusSeconds(60))).isEmpty();
    }

    @Test
    void aCommandWithoutTtlHoldsUntilFailsafe() {
        apply("heater", new Command("c1", 0.8, "web:admin", T0, null), T0);
        assertThat(expire(T0.plusSeconds(3600))).isEmpty();
        List<ActuatorChange> changes = bank.failsafeAll(Cause.FAILSAFE, T0.plusSeconds(3600), 3600_000L, false);
        assertThat(changes).extracting(ActuatorChange::actuator).containsExactly("heater");
        assertThat(bank.value("heater")).isZero();
        assertThat(bank.failsafeAll(Cause.FAILSAFE, T0.plusSeconds(3601), 3601_000L, false)).isEmpty();
        assertThat(bank.failsafeAll(Cause.SHUTDOWN, T0.plusSeconds(3602), 3602_000L, true)).hasSize(2);
    }
}
