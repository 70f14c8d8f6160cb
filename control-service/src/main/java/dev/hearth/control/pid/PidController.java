package dev.hearth.control.pid;

/**
 * A PID controller as a pure function over state, in the textbook "ideal" form with two practical refinements:
 * <ul>
 * <li>the derivative acts on the measurement, not the error, so a setpoint change does not kick the output;</li>
 * <li>anti-windup by clamping: the integral term stays within the output range and stops growing while the output is
 * saturated in the direction the error pushes, so the loop recovers quickly after a long saturation.</li>
 * </ul>
 */
public final class PidController {

    private PidController() {
    }

    public static PidStep step(PidGains gains, PidState state, double setpoint, double pv, double dtSeconds) {
        if (!Double.isFinite(pv) || !Double.isFinite(setpoint) || !(dtSeconds > 0)) {
            throw new IllegalArgumentException("pv, setpoint must be finite and dt positive");
        }
        double error = setpoint - pv;
        double p = gains.kp() * error;
        double d = Double.isNaN(state.lastPv()) ? 0 : -gains.kd() * (pv - state.lastPv()) / dtSeconds;

        double integral = clamp(state.integral() + gains.ki() * error * dtSeconds, gains.outputMin(), gains.outputMax());
        double unclamped = p + integral + d;
        double output = clamp(unclamped, gains.outputMin(), gains.outputMax());
        boolean saturated = output != unclamped;
        // Conditional integration: while saturated, keep the integral only where it pulls back towards the range.
        if (saturated && Math.signum(error) == Math.signum(unclamped - output)) {
            integral = state.integral();
        }
        return new PidStep(output, p, integral, d, saturated, new PidState(integral, pv));
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
