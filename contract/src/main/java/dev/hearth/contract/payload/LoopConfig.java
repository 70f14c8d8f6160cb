package dev.hearth.contract.payload;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A control loop's configuration, owned by control-service, on {@code hearth/{home}/loops/{loop}/config}. The
 * optional fields are null when absent; which apply depends on the {@code kind}:
 * <ul>
 * <li>{@code pid}: {@code kp}, {@code ki}, {@code kd}; {@code cycleMs}, the period over which the output is
 * time-proportioned when the actuator is a relay;</li>
 * <li>{@code hysteresis}: on below {@code setpoint - coldTolerance}, off above {@code setpoint + hotTolerance}, never
 * switching again sooner than {@code minCycleMs};</li>
 * <li>{@code threshold}: on while the input is below {@code setpoint}, and for at least {@code holdMs} after.</li>
 * </ul>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoopConfig(String loop, LoopKind kind, String sensor, String actuator, LoopMode mode, double setpoint,
        Double setpointMin, Double setpointMax, Double kp, Double ki, Double kd, double outputMin, double outputMax,
        Double manualOutput, long sampleMs, Double coldTolerance, Double hotTolerance, Long minCycleMs, Long holdMs,
        Long cycleMs) {

    /** The configuration of the first versions of the contract: no kind-specific fields but the gains. */
    public LoopConfig(String loop, LoopKind kind, String sensor, String actuator, LoopMode mode, double setpoint,
            Double setpointMin, Double setpointMax, Double kp, Double ki, Double kd, double outputMin, double outputMax,
            Double manualOutput, long sampleMs) {
        this(loop, kind, sensor, actuator, mode, setpoint, setpointMin, setpointMax, kp, ki, kd, outputMin, outputMax, manualOutput,
                sampleMs, null, null, null, null, null);
    }
}
