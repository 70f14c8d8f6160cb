package dev.hearth.contract.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A change to a loop, on {@code hearth/{home}/loops/{loop}/config/set}: only the non-null fields change. For an
 * existing loop {@code kind}, {@code sensor} and {@code actuator} may only repeat what they are; a change to a loop
 * that does not exist creates it and must give them. {@code remove: true} removes the loop. control-service answers
 * every change on {@code loops/{loop}/config/result}, echoing {@code requestId}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoopConfigChange(String requestId, LoopKind kind, String sensor, String actuator, LoopMode mode, Double setpoint,
        Double setpointMin, Double setpointMax, Double kp, Double ki, Double kd, Double outputMin, Double outputMax,
        Double manualOutput, Long sampleMs, Double coldTolerance, Double hotTolerance, Long minCycleMs, Long holdMs,
        Long cycleMs, Boolean remove) {

    /** Whether anything but the request id is set. */
    public boolean changesSomething() {
        return kind != null || sensor != null || actuator != null || mode != null || setpoint != null || setpointMin != null
                || setpointMax != null || kp != null || ki != null || kd != null || outputMin != null || outputMax != null
                || manualOutput != null || sampleMs != null || coldTolerance != null || hotTolerance != null || minCycleMs != null
                || holdMs != null || cycleMs != null || remove != null;
    }

    /** The same change under another request id. */
    public LoopConfigChange withRequestId(String id) {
        return new LoopConfigChange(id, kind, sensor, actuator, mode, setpoint, setpointMin, setpointMax, kp, ki, kd, outputMin, outputMax,
                manualOutput, sampleMs, coldTolerance, hotTolerance, minCycleMs, holdMs, cycleMs, remove);
    }

    /** A change of the loop's mode only. */
    public static LoopConfigChange mode(LoopMode mode) {
        return new LoopConfigChange(null, null, null, null, mode, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }
}
