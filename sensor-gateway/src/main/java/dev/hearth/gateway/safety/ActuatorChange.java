package dev.hearth.gateway.safety;

import java.time.Instant;

/** An output that changed and why; it becomes the actuator's retained state message. */
public record ActuatorChange(String actuator, double value, String unit, Instant ts, String cause, String command, String source) {

    public static final String STARTUP = "startup";
    public static final String COMMAND = "command";
    public static final String EXPIRED = "expired";
    public static final String FAILSAFE = "failsafe";
    public static final String SHUTDOWN = "shutdown";
}
