package dev.hearth.gateway.safety;

import java.time.Instant;

import dev.hearth.contract.payload.ActuatorState;
import dev.hearth.contract.payload.Cause;

/** An output that changed and why; it becomes the actuator's retained state message. */
public record ActuatorChange(String actuator, double value, String unit, Instant ts, Cause cause, String command, String source) {

    /** The contract's payload for this change. */
    public ActuatorState toState() {
        return new ActuatorState(actuator, value, unit, ts, cause, command, source);
    }
}
