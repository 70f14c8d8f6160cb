package dev.hearth.control.loop;

import dev.hearth.contract.Ids;
import dev.hearth.contract.payload.Coded;
import dev.hearth.contract.payload.LoopConfig;
import dev.hearth.contract.payload.LoopKind;
import dev.hearth.contract.payload.LoopMode;

/** A loop's configuration, as configured; {@link #toPayload()} is the contract's LoopConfig for it. */
public record LoopDefinition(String loop, String kind, String sensor, String actuator, String mode, double setpoint,
        double setpointMin, double setpointMax, double kp, double ki, double kd, double outputMin, double outputMax,
        Double manualOutput, long sampleMs) {

    /** Throws with a message that names the first thing wrong, so a bad configuration never starts a loop. */
    public LoopDefinition validate() {
        require(Ids.isValid(loop), "loop id '" + loop + "' must match " + Ids.PATTERN);
        require(Ids.isValid(sensor), loop + ": sensor id '" + sensor + "' must match " + Ids.PATTERN);
        require(Ids.isValid(actuator), loop + ": actuator id '" + actuator + "' must match " + Ids.PATTERN);
        require("pid".equals(kind), loop + ": kind '" + kind + "' is not supported yet (pid is)");
        require(mode.equals("auto") || mode.equals("manual") || mode.equals("off"), loop + ": mode must be auto, manual or off");
        require(setpointMin <= setpoint && setpoint <= setpointMax,
                loop + ": setpoint " + setpoint + " is outside " + setpointMin + ".." + setpointMax);
        require(outputMin < outputMax, loop + ": outputMin must be below outputMax");
        require(kp >= 0 && ki >= 0 && kd >= 0, loop + ": gains must not be negative");
        require(sampleMs >= 100, loop + ": sample period must be at least 100 ms");
        require(!"manual".equals(mode) || (manualOutput != null && manualOutput >= outputMin && manualOutput <= outputMax),
                loop + ": manual mode needs a manualOutput within the output range");
        return this;
    }

    /** The contract's LoopConfig payload; call on a validated definition. */
    public LoopConfig toPayload() {
        return new LoopConfig(loop, Coded.of(LoopKind.class, kind).orElseThrow(), sensor, actuator, Coded.of(LoopMode.class, mode).orElseThrow(),
                setpoint, setpointMin, setpointMax, kp, ki, kd, outputMin, outputMax, manualOutput, sampleMs);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
