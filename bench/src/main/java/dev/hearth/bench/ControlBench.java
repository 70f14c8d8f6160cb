package dev.hearth.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import dev.hearth.contract.payload.LoopConfig;
import dev.hearth.contract.payload.LoopKind;
import dev.hearth.contract.payload.LoopMode;
import dev.hearth.control.controller.RelayAutotune;
import dev.hearth.control.loop.ControlLoop;
import dev.hearth.house.RoomModel;

/**
 * control-service's loops against the simulated house's room ({@link RoomModel}, the gateway's equations) for 24 h of
 * virtual time: outdoors on its daily cycle, the room held at 21 °C, the window open twice. For each controller: the
 * integral of absolute error, the worst overshoot (above the setpoint, from the moment the room first reached it)
 * and the heater's relay switchings. The loops are
 * control-service's own {@link ControlLoop}s, ticked every 5 s as in production; the sensor reads the room with the
 * gateway's noise. Nothing here sleeps: a day takes well under a second.
 */
public final class ControlBench {

    private static final int SAMPLE_MS = 5_000;
    private static final Duration DAY = Duration.ofHours(24);
    private static final Instant MIDNIGHT = Instant.parse("2026-01-15T00:00:00Z");
    private static final ControlLoop.Timing TIMING = new ControlLoop.Timing(Duration.ofSeconds(5), Duration.ofHours(6));

    private ControlBench() {
    }

    /** One day's figures for one controller. */
    record Outcome(String name, double iaeDegreeHours, double worstOvershoot, int switchings, double heaterHours) {
    }

    public static void main(String[] args) {
        System.out.println(Machine.describe());
        System.out.println("24 h of virtual time, room time constant " + (int) RoomModel.ROOM_TIME_CONSTANT_S + " s, heater "
                + (int) RoomModel.HEATER_TIME_CONSTANT_S + " s; setpoint 21 °C, starting there; window open 07:30–07:45 "
                + "and 18:00–18:20; outdoors 1..11 °C; sensor every 5 s, noise σ 0.05 °C");
        List<Outcome> rows = new ArrayList<>();
        rows.add(day("hysteresis thermostat ±0.3 °C (Home Assistant generic_thermostat's default)", hysteresis(), true));
        rows.add(day("Hearth PID, gains of the first version (kp 0.4, ki 0.002), PWM heater", pid(0.4, 0.002, 0, null), false));
        rows.add(day("Hearth PID, gains of the first version, relay heater (10 min cycle, 1 min minimum)", pid(0.4, 0.002, 0, 600_000L), true));
        RelayAutotune.Result tuned = autotune();
        System.out.printf(Locale.ROOT, "autotune on the same room: ku %.3f, pu %.0f s; proposals %s%n", tuned.ku(), tuned.puSeconds(),
                tuned.proposals());
        RelayAutotune.Proposal gentle = tuned.proposals().get(1);
        rows.add(day(String.format(Locale.ROOT, "Hearth PID, autotuned (%s: kp %.3f, ki %.5f, kd %.1f), PWM heater", gentle.rule(),
                gentle.kp(), gentle.ki(), gentle.kd()), pid(gentle.kp(), gentle.ki(), gentle.kd(), null), false));
        rows.add(day("Hearth PID, autotuned, relay heater (10 min cycle, 1 min minimum)", pid(gentle.kp(), gentle.ki(), gentle.kd(), 600_000L),
                true));
        rows.add(day("Hearth PID, autotuned, relay heater (5 min cycle, 1 min minimum)", pid(gentle.kp(), gentle.ki(), gentle.kd(), 300_000L),
                true));
        System.out.println();
        System.out.println("| controller | IAE °C·h | worst overshoot °C | relay switchings | heater full-power hours |");
        System.out.println("|---|---|---|---|---|");
        for (Outcome o : rows) {
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %s | %.1f |%n", o.name(), o.iaeDegreeHours(), o.worstOvershoot(),
                    o.switchings() < 0 ? "none (PWM)" : Integer.toString(o.switchings()), o.heaterHours());
        }
        double baseline = rows.get(0).iaeDegreeHours();
        System.out.println();
        rows.stream().skip(1).forEach(o -> System.out.printf(Locale.ROOT, "%s: IAE %.2f × the hysteresis thermostat's%n", o.name(),
                o.iaeDegreeHours() / baseline));
        Results results = Results.of("control");
        Outcome thermostat = rows.get(0);
        for (Outcome o : rows.subList(1, rows.size())) {
            results.figure("control: IAE of " + o.name(), o.iaeDegreeHours(), "°C·h", "hysteresis thermostat ±0.3 °C",
                    thermostat.iaeDegreeHours(), "lower");
            if (o.switchings() >= 0) {
                results.figure("control: relay switchings a day, " + o.name(), o.switchings(), "", "hysteresis thermostat ±0.3 °C",
                        thermostat.switchings(), "lower");
            }
        }
    }

    private static LoopConfig hysteresis() {
        return new LoopConfig("bench", LoopKind.HYSTERESIS, "room-temp", "heater", LoopMode.AUTO, 21.0, 5.0, 30.0, null, null, null, 0, 1,
                null, SAMPLE_MS, 0.3, 0.3, 0L, null, null);
    }

    private static LoopConfig pid(double kp, double ki, double kd, Long cycleMs) {
        return new LoopConfig("bench", LoopKind.PID, "room-temp", "heater", LoopMode.AUTO, 21.0, 5.0, 30.0, kp, ki, kd, 0, 1, null, SAMPLE_MS,
                null, null, cycleMs == null ? null : 60_000L, null, cycleMs);
    }


    private static boolean windowOpen(double hour) {
        return (hour >= 7.5 && hour < 7.75) || (hour >= 18 && hour < 18 + 20 / 60.0);
    }

    private static Outcome day(String name, LoopConfig config, boolean relay) {
        RoomModel room = new RoomModel(21);
        Random noise = new Random(42);
        ControlLoop loop = new ControlLoop(config, TIMING, actuator -> relay);
        double iae = 0;
        double worst = 0;
        int switchings = 0;
        double heaterSeconds = 0;
        double power = 0;
        double sp = config.setpoint();
        for (long ms = 0; ms < DAY.toMillis(); ms += SAMPLE_MS) {
            double hour = ms / 3_600_000.0;
            Instant now = MIDNIGHT.plusMillis(ms);
            loop.reading(Math.round((room.roomCelsius() + noise.nextGaussian() * 0.05) * 100) / 100.0, now);
            ControlLoop.Tick tick = loop.tick(now, ms, Duration.ofSeconds(15));
            double next = tick.out() == null ? 0 : tick.out();
            if (relay && (next > 0.5) != (power > 0.5)) {
                switchings++;
            }
            power = next;
            room.advance(SAMPLE_MS / 1000.0, power, RoomModel.outdoorCelsius(hour, 6, 5), windowOpen(hour));
            double error = room.roomCelsius() - sp;
            iae += Math.abs(error) * SAMPLE_MS / 3_600_000.0;
            worst = Math.max(worst, error);
            heaterSeconds += power * SAMPLE_MS / 1000.0;
        }
        return new Outcome(name, iae, worst, relay ? switchings : -1, heaterSeconds / 3600);
    }

    /** The relay autotune, as control-service runs it, on the room settled near 21 °C at night (outdoors about 1 °C). */
    private static RelayAutotune.Result autotune() {
        RoomModel room = new RoomModel(21);
        Random noise = new Random(7);
        LoopConfig config = new LoopConfig("bench", LoopKind.PID, "room-temp", "heater", LoopMode.AUTOTUNE, 21.0, 15.0, 27.0, 0.4, 0.002, 0.0,
                0, 1, null, SAMPLE_MS, null, 0.1, null, null, null);
        ControlLoop loop = new ControlLoop(config, TIMING, actuator -> false);
        for (long ms = 0; ms < Duration.ofHours(6).toMillis(); ms += SAMPLE_MS) {
            Instant now = MIDNIGHT.plusMillis(ms);
            loop.reading(Math.round((room.roomCelsius() + noise.nextGaussian() * 0.05) * 100) / 100.0, now);
            ControlLoop.Tick tick = loop.tick(now, ms, Duration.ofSeconds(15));
            RelayAutotune tune = loop.autotune();
            if (tune.phase() == RelayAutotune.Phase.DONE) {
                return tune.result();
            }
            if (tune.phase() == RelayAutotune.Phase.FAILED) {
                throw new IllegalStateException("the autotune failed: " + tune.failure());
            }
            room.advance(SAMPLE_MS / 1000.0, tick.out() == null ? 0 : tick.out(), RoomModel.outdoorCelsius(ms / 3_600_000.0, 6, 5), false);
        }
        throw new IllegalStateException("the autotune did not finish in 6 h");
    }
}
