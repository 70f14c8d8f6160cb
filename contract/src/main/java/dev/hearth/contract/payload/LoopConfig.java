package dev.hearth.contract.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A control loop's configuration, owned by control-service, on {@code hearth/{home}/loops/{loop}/config}. The
 * optional fields ({@code setpointMin}, {@code setpointMax}, gains, {@code manualOutput}) are null when absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoopConfig(String loop, LoopKind kind, String sensor, String actuator, LoopMode mode, double setpoint,
        Double setpointMin, Double setpointMax, Double kp, Double ki, Double kd, double outputMin, double outputMax,
        Double manualOutput, long sampleMs) {
}
