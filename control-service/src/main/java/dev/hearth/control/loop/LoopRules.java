package dev.hearth.control.loop;

import java.util.Optional;

import dev.hearth.contract.Ids;
import dev.hearth.contract.payload.LoopConfig;
import dev.hearth.contract.payload.LoopConfigChange;
import dev.hearth.contract.payload.LoopKind;
import dev.hearth.contract.payload.LoopMode;
import dev.hearth.contract.payload.Manifest;

/**
 * What makes a loop configuration valid, and how a {@link LoopConfigChange} turns one configuration into the next.
 * Pure functions: the equipment the gateways declared is passed in.
 */
public final class LoopRules {

    /** Ten minutes: commands then live at most half an hour after the loop stops. */
    public static final long MAX_SAMPLE_MS = 600_000;
    public static final long MAX_MIN_CYCLE_MS = 1_800_000;
    public static final long MAX_CYCLE_MS = 3_600_000;
    public static final long MAX_HOLD_MS = 86_400_000;

    private LoopRules() {
    }

    /** Throws with the first rule {@code c} breaks; {@code equipment} adds the checks against the gateways' manifests. */
    public static LoopConfig validate(LoopConfig c, Equipment equipment) throws InvalidLoop {
        require(Ids.isValid(c.loop()), "loop id '" + c.loop() + "' must match " + Ids.PATTERN);
        require(c.kind() != null, "kind is required: pid, hysteresis or threshold");
        require(c.sensor() != null && Ids.isValid(c.sensor()), "sensor must be an id");
        require(c.actuator() != null && Ids.isValid(c.actuator()), "actuator must be an id");
        require(c.mode() != null, "mode is required: auto, manual, off or autotune");
        require(Double.isFinite(c.setpoint()), "setpoint must be a number");
        double spMin = c.setpointMin() == null ? Double.NEGATIVE_INFINITY : c.setpointMin();
        double spMax = c.setpointMax() == null ? Double.POSITIVE_INFINITY : c.setpointMax();
        require(spMin <= spMax, "setpointMin must not be above setpointMax");
        require(spMin <= c.setpoint() && c.setpoint() <= spMax, "setpoint " + c.setpoint() + " is outside " + c.setpointMin() + ".." + c.setpointMax());
        require(c.outputMin() < c.outputMax(), "outputMin must be below outputMax");
        require(nonNegative(c.kp()) && nonNegative(c.ki()) && nonNegative(c.kd()), "gains must not be negative");
        // Upper limits are safety limits: a command lives three sample periods, and a relay that may not switch for
        // hours, or a hold of days, would keep a heater on whatever the room does.
        require(c.sampleMs() >= 100 && c.sampleMs() <= MAX_SAMPLE_MS, "sampleMs must be 100.." + MAX_SAMPLE_MS);
        require(nonNegative(c.coldTolerance()) && nonNegative(c.hotTolerance()), "tolerances must not be negative");
        require(c.minCycleMs() == null || (c.minCycleMs() >= 0 && c.minCycleMs() <= MAX_MIN_CYCLE_MS),
                "minCycleMs must be 0.." + MAX_MIN_CYCLE_MS);
        require(c.holdMs() == null || (c.holdMs() >= 0 && c.holdMs() <= MAX_HOLD_MS), "holdMs must be 0.." + MAX_HOLD_MS);
        require(c.cycleMs() == null || (c.cycleMs() >= c.sampleMs() && c.cycleMs() <= MAX_CYCLE_MS),
                "cycleMs must be at least one sample period and at most " + MAX_CYCLE_MS);
        if (c.mode() == LoopMode.MANUAL) {
            require(c.manualOutput() != null && c.manualOutput() >= c.outputMin() && c.manualOutput() <= c.outputMax(),
                    "manual mode needs a manualOutput within " + c.outputMin() + ".." + c.outputMax());
        }
        if (c.kind() == LoopKind.PID) {
            require(c.kp() != null || c.ki() != null, "a pid loop needs kp or ki");
        }
        if (c.mode() == LoopMode.AUTOTUNE) {
            require(c.kind() == LoopKind.PID, "only a pid loop can autotune");
        }
        if (equipment.knowsAny()) {
            // Once a gateway has said what it has, a loop must name what exists. Before (the gateway not up yet at
            // start), the configured loops run and the commands wait for it.
            require(equipment.sensor(c.sensor()).isPresent(), "no gateway has a sensor '" + c.sensor() + "'");
            require(equipment.actuator(c.actuator()).isPresent(), "no gateway has an actuator '" + c.actuator() + "'");
        }
        Optional<Manifest.Actuator> actuator = equipment.actuator(c.actuator());
        if (actuator.isPresent()) {
            Manifest.Actuator a = actuator.get();
            require(c.outputMin() >= a.min() && c.outputMax() <= a.max(), "output limits " + c.outputMin() + ".." + c.outputMax()
                    + " are outside " + a.id() + "'s range " + a.min() + ".." + a.max());
        }
        return c;
    }

    /**
     * The configuration {@code change} makes of {@code current} (null: the loop does not exist yet, so the change
     * creates it and must name its kind, sensor and actuator). Does not validate the result: call {@link #validate}.
     */
    public static LoopConfig apply(String loop, LoopConfig current, LoopConfigChange change) throws InvalidLoop {
        if (current == null) {
            require(change.kind() != null && change.sensor() != null && change.actuator() != null,
                    "loop '" + loop + "' does not exist: to create it, give kind, sensor, actuator and setpoint");
            require(change.setpoint() != null, "loop '" + loop + "' does not exist: to create it, give its setpoint too");
            return new LoopConfig(loop, change.kind(), change.sensor(), change.actuator(), or(change.mode(), LoopMode.AUTO),
                    change.setpoint(), change.setpointMin(), change.setpointMax(), change.kp(), change.ki(), change.kd(),
                    or(change.outputMin(), 0.0), or(change.outputMax(), 1.0), change.manualOutput(), or(change.sampleMs(), 5000L),
                    change.coldTolerance(), change.hotTolerance(), change.minCycleMs(), change.holdMs(), change.cycleMs());
        }
        require(change.kind() == null || change.kind() == current.kind(), "the kind of a loop does not change: remove it and add it anew");
        require(change.sensor() == null || change.sensor().equals(current.sensor()), "the sensor of a loop does not change: remove it and add it anew");
        require(change.actuator() == null || change.actuator().equals(current.actuator()),
                "the actuator of a loop does not change: remove it and add it anew");
        return new LoopConfig(loop, current.kind(), current.sensor(), current.actuator(), or(change.mode(), current.mode()),
                or(change.setpoint(), current.setpoint()), or(change.setpointMin(), current.setpointMin()),
                or(change.setpointMax(), current.setpointMax()), or(change.kp(), current.kp()), or(change.ki(), current.ki()),
                or(change.kd(), current.kd()), or(change.outputMin(), current.outputMin()), or(change.outputMax(), current.outputMax()),
                or(change.manualOutput(), current.manualOutput()), or(change.sampleMs(), current.sampleMs()),
                or(change.coldTolerance(), current.coldTolerance()), or(change.hotTolerance(), current.hotTolerance()),
                or(change.minCycleMs(), current.minCycleMs()), or(change.holdMs(), current.holdMs()), or(change.cycleMs(), current.cycleMs()));
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static boolean nonNegative(Double v) {
        return v == null || v >= 0;
    }

    private static void require(boolean ok, String reason) throws InvalidLoop {
        if (!ok) {
            throw new InvalidLoop(reason);
        }
    }
}
