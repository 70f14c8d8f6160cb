package dev.hearth.control.loop;

import java.time.Duration;
import java.time.Instant;

import dev.hearth.control.pid.PidController;
import dev.hearth.control.pid.PidGains;
import dev.hearth.control.pid.PidState;
import dev.hearth.control.pid.PidStep;

/**
 * One loop at run time: the latest reading of its sensor and the controller state. Each {@link #tick} decides the
 * loop's status and whether to command its actuator. Plain Java with time passed in, so it is tested without clocks.
 */
public final class ControlLoop {

    /** What a tick decided: the status to report, and the output to command (null: command nothing). */
    public record Tick(String state, Double pv, double sp, Double out, double p, double i, double d, String mode) {
    }

    public static final String OK = "ok";
    public static final String SATURATED = "saturated";
    public static final String STALE_INPUT = "stale-input";
    public static final String OFF = "off";

    private final LoopDefinition definition;
    private final PidGains gains;
    private final Duration staleAfter;
    private PidState pid = PidState.INITIAL;
    private double lastPv = Double.NaN;
    private Instant lastReadingAt;
    private Instant lastTickAt;

    public ControlLoop(LoopDefinition definition, Duration staleAfter) {
        this.definition = definition.validate();
        this.gains = new PidGains(definition.kp(), definition.ki(), definition.kd(), definition.outputMin(), definition.outputMax());
        this.staleAfter = staleAfter;
    }

    public LoopDefinition definition() {
        return definition;
    }

    /** A new value of the loop's sensor, as it arrived at {@code receivedAt}. */
    public synchronized void reading(double value, Instant receivedAt) {
        lastPv = value;
        lastReadingAt = receivedAt;
    }

    public synchronized Tick tick(Instant now) {
        double sp = definition.setpoint();
        Double pv = Double.isNaN(lastPv) ? null : lastPv;
        Tick tick;
        switch (definition.mode()) {
            case "off" -> tick = new Tick(OFF, pv, sp, null, 0, 0, 0, "off");
            case "manual" -> tick = new Tick(OK, pv, sp, definition.manualOutput(), 0, 0, 0, "manual");
            default -> tick = autoTick(now, pv, sp);
        }
        lastTickAt = now;
        return tick;
    }

    private Tick autoTick(Instant now, Double pv, double sp) {
        if (pv == null || lastReadingAt == null || Duration.between(lastReadingAt, now).compareTo(staleAfter) > 0) {
            // Stop commanding: the gateway returns the actuator to failsafe when the last command's TTL runs out.
            pid = PidState.INITIAL;
            return new Tick(STALE_INPUT, pv, sp, null, 0, 0, 0, "auto");
        }
        double dt = lastTickAt == null ? definition.sampleMs() / 1000.0
                : Math.max(0.001, Duration.between(lastTickAt, now).toMillis() / 1000.0);
        PidStep step = PidController.step(gains, pid, sp, pv, dt);
        pid = step.next();
        return new Tick(step.saturated() ? SATURATED : OK, pv, sp, step.output(), step.p(), step.i(), step.d(), "auto");
    }

    /** The time to live of each command: three sample periods, so one lost command does not fail the output safe. */
    public long commandTtlMs() {
        return 3 * definition.sampleMs();
    }
}
