package dev.hearth.contract.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A partial {@link LoopConfig}, on {@code hearth/{home}/loops/{loop}/config/set}: only the non-null fields change.
 * The loop, its sensor, actuator and kind are not changed this way.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoopConfigChange(LoopMode mode, Double setpoint, Double setpointMin, Double setpointMax, Double kp, Double ki,
        Double kd, Double outputMin, Double outputMax, Double manualOutput, Long sampleMs) {
}
