package dev.hearth.control.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import dev.hearth.contract.payload.LoopConfig;
import dev.hearth.contract.payload.LoopKind;
import dev.hearth.contract.payload.LoopMode;
import dev.hearth.contract.payload.LoopState;
import dev.hearth.control.controller.Controller;
import dev.hearth.control.controller.Hysteresis;
import dev.hearth.control.controller.Pid;
import dev.hearth.control.controller.PidGains;
import dev.hearth.control.controller.RelayAutotune;
import dev.hearth.control.controller.Threshold;
import dev.hearth.control.controller.TimeProportioning;

/**
 * One loop at run time: its configuration, its controller, the freshest reading of its sensor, and what it last
 * commanded. Each {@link #tick} decides the loop's status and whether to command its actuator. Plain Java with both
 * clocks passed in, so it is tested in virtual time:
 * <ul>
 * <li>freshness comes from the readings' own {@code ts} against the wall clock (with a tolerated skew), so a retained
 * reading or a replay of old ones does not count as fresh, and an older reading never replaces a newer one;</li>
 * <li>the controller runs on the fixed sample period and a monotonic clock, so an NTP jump does not reach the
 * integral or the derivative.</li>
 * </ul>
 */
public final class ControlLoop {

    /** What a tick decided: the status to report, and the output to command (null: command nothing). */
    public record Tick(LoopState state, Double pv, double sp, Double out, double p, double i, double d, LoopMode mode) {
    }

    /** How far a sensor's clock may be off, and how long an autotune may take. */
    public record Timing(Duration clockSkew, Duration autotuneTimeout) {
    }

    /** A hysteresis loop's tolerances when not configured: Home Assistant's generic_thermostat's. */
    private static final double DEFAULT_TOLERANCE = 0.3;

    private LoopConfig config;
    private final Timing timing;
    private final Predicate<String> relay;
    private Controller controller;
    private TimeProportioning proportioning;
    private RelayAutotune autotune;
    private LoopMode modeBeforeAutotune;

    private double pv = Double.NaN;
    private Instant pvTs;
    private Double lastOut;
    private boolean controllerDecided;

    /** {@code relay} says whether an actuator is an on/off relay (from the gateways' manifests, which may come later). */
    public ControlLoop(LoopConfig config, Timing timing, Predicate<String> relay) {
        this.timing = timing;
        this.relay = relay;
        this.config = config;
        this.controller = controllerFor(config);
        if (config.mode() == LoopMode.AUTOTUNE) {
            startAutotune(LoopMode.AUTO);
        }
    }

    public synchronized LoopConfig config() {
        return config;
    }

    /** A reading of the loop's sensor, taken at {@code ts} by the sensor's clock. An older one than held is ignored. */
    public void reading(double value, Instant ts) {
        reading(value, ts, Instant.now());
    }

    /**
     * As {@link #reading(double, Instant)}, at {@code now} by this clock. An older reading than the one held is ignored
     * (a replay), unless the one held is now further ahead of this clock than the skew: the clocks were stepped back
     * (a Pi's clock set right by NTP), and holding on to it would leave the loop without input until they caught up.
     */
    synchronized void reading(double value, Instant ts, Instant now) {
        if (pvTs != null && ts.isBefore(pvTs) && !pvTs.isAfter(now.plus(timing.clockSkew()))) {
            return;
        }
        pv = value;
        pvTs = ts;
    }

    /** A new configuration of this loop, applied without a bump (same loop, kind, sensor and actuator). */
    public synchronized void reconfigure(LoopConfig next) {
        LoopConfig previous = config;
        config = next;
        // The same controller, retuned: its state (integral, relay on since, hold) carries over, so no change bumps
        // the output or short-cycles a relay. The kind of a loop never changes (LoopRules).
        if (controller instanceof Pid pid) {
            PidGains gains = gains(next);
            if (!gains.equals(pid.gains())) {
                pid.retune(gains, Double.isNaN(pv) ? next.setpoint() : pv, next.setpoint());
            }
        } else if (controller instanceof Hysteresis hysteresis) {
            hysteresis.retune(or(next.coldTolerance(), DEFAULT_TOLERANCE), or(next.hotTolerance(), DEFAULT_TOLERANCE),
                    next.minCycleMs() != null ? next.minCycleMs() : 0, next.outputMin(), next.outputMax());
        } else if (controller instanceof Threshold threshold) {
            threshold.retune(next.holdMs() != null ? next.holdMs() : 0, next.outputMin(), next.outputMax());
        }
        if (!equal(next.cycleMs(), previous.cycleMs()) || !equal(next.minCycleMs(), previous.minCycleMs()) || next.sampleMs() != previous.sampleMs()) {
            proportioning = null;
        }
        if (next.mode() == LoopMode.AUTOTUNE && previous.mode() != LoopMode.AUTOTUNE) {
            startAutotune(previous.mode());
        } else if (next.mode() != LoopMode.AUTOTUNE && autotune != null && autotune.phase() == RelayAutotune.Phase.RUNNING) {
            autotune.abort("stopped: the mode was set to " + next.mode().code());
        }
        if (next.mode() != previous.mode()) {
            controllerDecided = false; // back in auto, the controller takes over from the last output
        }
    }

    /** One tick at wall-clock {@code now}; the input is stale when its newest reading is older than {@code staleAfter}. */
    public synchronized Tick tick(Instant now, long monotonicMs, Duration staleAfter) {
        double sp = config.setpoint();
        Double pvOrNull = Double.isNaN(pv) ? null : pv;
        boolean fresh = fresh(now, staleAfter);
        switch (config.mode()) {
            case OFF:
                controllerDecided = false;
                return new Tick(LoopState.OFF, pvOrNull, sp, null, 0, 0, 0, LoopMode.OFF);
            case MANUAL:
                controllerDecided = false;
                lastOut = config.manualOutput();
                return new Tick(LoopState.OK, pvOrNull, sp, lastOut, 0, 0, 0, LoopMode.MANUAL);
            case AUTOTUNE:
                if (autotune == null) {
                    // Its outcome was reported and the loop is being handed back: command nothing meanwhile.
                    return new Tick(LoopState.OFF, pvOrNull, sp, null, 0, 0, 0, LoopMode.AUTOTUNE);
                }
                if (!fresh) {
                    autotune.abort("the input went stale");
                    return new Tick(LoopState.STALE_INPUT, pvOrNull, sp, null, 0, 0, 0, LoopMode.AUTOTUNE);
                }
                lastOut = autotune.step(pv, sp, seconds(), monotonicMs).value();
                controllerDecided = false;
                return new Tick(LoopState.AUTOTUNE, pvOrNull, sp, lastOut, 0, 0, 0, LoopMode.AUTOTUNE);
            default:
                if (!fresh) {
                    // Stop commanding: the gateway returns the actuator to failsafe when the last command's TTL runs
                    // out. The integral stays as it was, so the loop resumes where it left off, without a kick.
                    if (controller instanceof Pid pid) {
                        pid.forgetMeasurement();
                    }
                    return new Tick(LoopState.STALE_INPUT, pvOrNull, sp, null, 0, 0, 0, LoopMode.AUTO);
                }
                if (!controllerDecided && lastOut != null) {
                    controller.track(lastOut, pv, sp);
                }
                controllerDecided = true;
                Controller.Output out = controller.step(pv, sp, seconds(), monotonicMs);
                double commanded = out.value();
                if (config.kind() == LoopKind.PID && relay.test(config.actuator())) {
                    commanded = proportioning(out).on(duty(out.value()), monotonicMs) ? config.outputMax() : config.outputMin();
                }
                lastOut = out.value();
                return new Tick(out.saturated() ? LoopState.SATURATED : LoopState.OK, pv, sp, commanded, out.p(), out.i(), out.d(),
                        LoopMode.AUTO);
        }
    }

    /** The autotune that ran or runs, if any; once it is over, the mode to return to is {@link #modeAfterAutotune()}. */
    public synchronized RelayAutotune autotune() {
        return autotune;
    }

    public synchronized LoopMode modeAfterAutotune() {
        return modeBeforeAutotune;
    }

    /** Forgets a finished autotune once its outcome was reported. */
    public synchronized void autotuneReported() {
        if (autotune != null && autotune.phase() != RelayAutotune.Phase.RUNNING) {
            autotune = null;
        }
    }

    /** The time to live of each command: three sample periods, so one lost command does not fail the output safe. */
    public synchronized long commandTtlMs() {
        return 3 * config.sampleMs();
    }

    private boolean fresh(Instant now, Duration staleAfter) {
        if (pvTs == null) {
            return false;
        }
        Duration age = Duration.between(pvTs, now);
        // A reading from the future beyond the skew says the sensor's clock is wrong: it is not trusted as fresh.
        return age.compareTo(timing.clockSkew().negated()) >= 0 && age.compareTo(staleAfter.plus(timing.clockSkew())) <= 0;
    }

    private void startAutotune(LoopMode returnTo) {
        double margin = 5;
        double lo = config.setpointMin() != null ? config.setpointMin() : config.setpoint() - margin;
        double hi = config.setpointMax() != null ? config.setpointMax() : config.setpoint() + margin;
        double hysteresis = config.hotTolerance() != null ? config.hotTolerance() : 0.1;
        autotune = new RelayAutotune(config.outputMin(), config.outputMax(), hysteresis, lo, hi, timing.autotuneTimeout().toMillis());
        modeBeforeAutotune = returnTo == LoopMode.AUTOTUNE ? LoopMode.AUTO : returnTo;
    }

    private TimeProportioning proportioning(Controller.Output out) {
        if (proportioning == null) {
            long cycle = config.cycleMs() != null ? config.cycleMs() : 10 * config.sampleMs();
            proportioning = new TimeProportioning(cycle, config.minCycleMs() != null ? config.minCycleMs() : 0);
        }
        return proportioning;
    }

    private double duty(double output) {
        return (output - config.outputMin()) / (config.outputMax() - config.outputMin());
    }

    private double seconds() {
        return config.sampleMs() / 1000.0;
    }

    private static Controller controllerFor(LoopConfig c) {
        return switch (c.kind()) {
            case PID -> new Pid(gains(c));
            case HYSTERESIS -> new Hysteresis(or(c.coldTolerance(), DEFAULT_TOLERANCE), or(c.hotTolerance(), DEFAULT_TOLERANCE),
                    c.minCycleMs() != null ? c.minCycleMs() : 0, c.outputMin(), c.outputMax());
            case THRESHOLD -> new Threshold(c.holdMs() != null ? c.holdMs() : 0, c.outputMin(), c.outputMax());
        };
    }

    private static PidGains gains(LoopConfig c) {
        return new PidGains(or(c.kp(), 0.0), or(c.ki(), 0.0), or(c.kd(), 0.0), c.outputMin(), c.outputMax());
    }

    private static double or(Double v, double fallback) {
        return v != null ? v : fallback;
    }

    private static boolean equal(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }
}
