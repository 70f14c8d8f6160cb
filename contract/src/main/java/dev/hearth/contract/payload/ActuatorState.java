package dev.hearth.contract.payload;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an output is now and why, on {@code hearth/{home}/actuators/{actuator}/state}. {@code command} and
 * {@code source} are set exactly when {@code cause} is {@link Cause#COMMAND}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActuatorState(String actuator, double value, String unit, Instant ts, Cause cause, String command, String source) {
}
