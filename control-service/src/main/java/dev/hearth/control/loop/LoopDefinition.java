package dev.hearth.control.loop;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A loop's configuration, field for field the contract's LoopConfig payload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoopDefinition(String loop, String kind, String sensor, String actuator, String mode, double setpoint,
        double setpointMin, double setpointMax, double kp, double ki, double kd, double outputMin, double outputMax,
        Double manualOutput, long sampleMs) {

    static final String ID_PATTERN = "[a-z0-9][a-z0-9-]{0,63}";

    /** Throws with a message that names the first thing wrong, so a bad configuration never starts a loop. */
    public LoopDefinition validate() {
        require(loop.matches(ID_PATTERN), "loop id '" + loop + "' must match " + ID_PATTERN);
        require(sensor.matches(ID_PATTERN), loop + ": sensor id '" + sensor + "' must match " + ID_PATTERN);
        require(actuator.matches(ID_PATTERN), loop + ": actuator id '" + actuator + "' must match " + ID_PATTERN);
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

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
