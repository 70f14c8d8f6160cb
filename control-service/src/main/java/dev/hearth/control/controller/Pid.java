package dev.hearth.control.controller;

/**
 * A PID controller in parallel form with the refinements a real plant needs:
 * <ul>
 * <li>the derivative acts on the measurement, not the error, so a setpoint change does not kick the output, and
 * passes a first-order filter (time constant a tenth of the derivative time, at least one sample) so sensor noise
 * does not reach the actuator;</li>
 * <li>anti-windup by conditional integration: while the output is clamped, the integral does not grow further
 * into the limit, so the loop recovers from a long saturation without a large overshoot;</li>
 * <li>the integral is kept as a term (already multiplied by ki), and a gain change or a return to automatic moves it
 * so that the output continues where it was: bumpless, as far as an integral within the output's limits allows (one
 * beyond them is wind-up: far from the setpoint, the output starts from the proportional term instead).</li>
 * </ul>
 * The sample period is the caller's: {@code dt} should be the loop's fixed period, not a wall-clock difference.
 */
public final class Pid implements Controller {

    private PidGains gains;
    private final boolean antiWindup;
    private double integral;
    private double lastPv = Double.NaN;
    private double derivative;

    public Pid(PidGains gains) {
        this(gains, true);
    }

    /** {@code antiWindup = false} only to show, in tests, what anti-windup is for. */
    Pid(PidGains gains, boolean antiWindup) {
        this.gains = gains;
        this.antiWindup = antiWindup;
    }

    public PidGains gains() {
        return gains;
    }

    @Override
    public Output step(double pv, double sp, double dt, long monotonicMs) {
        if (!Double.isFinite(pv) || !Double.isFinite(sp) || !(dt > 0)) {
            throw new IllegalArgumentException("pv and sp must be finite and dt positive");
        }
        double error = sp - pv;
        double p = gains.kp() * error;
        if (!Double.isNaN(lastPv) && gains.kd() > 0) {
            double raw = -gains.kd() * (pv - lastPv) / dt;
            double tf = Math.max(dt, gains.kp() > 0 ? gains.kd() / gains.kp() / 10 : dt);
            derivative += (raw - derivative) * dt / (tf + dt);
        } else {
            derivative = 0;
        }
        lastPv = pv;

        double candidate = integral + gains.ki() * error * dt;
        double unclamped = p + candidate + derivative;
        double output = clamp(unclamped, gains.outputMin(), gains.outputMax());
        boolean saturated = output != unclamped;
        // Integrate only while it does not push the output further into the limit it is at.
        if (!antiWindup || !saturated || Math.signum(error) != Math.signum(unclamped - output)) {
            integral = candidate;
        }
        return new Output(output, p, integral, derivative, saturated);
    }

    @Override
    public void track(double output, double pv, double sp) {
        // Bumpless, within the output's limits: a loop left off while the room cooled 4 °C would otherwise hold an
        // integral of -kp·4 and, back in auto, start from the off output and need many minutes to integrate back up.
        integral = clamp(output - gains.kp() * (sp - pv), gains.outputMin(), gains.outputMax());
        lastPv = pv;
        derivative = 0;
    }

    /** New gains without a bump: the integral takes up the change of the proportional term at this error. */
    public void retune(PidGains next, double pv, double sp) {
        double error = sp - pv;
        integral = integral + gains.kp() * error - next.kp() * error;
        if (next.outputMin() != gains.outputMin() || next.outputMax() != gains.outputMax()) {
            // Narrower limits: an integral beyond them would only wind the output up against the new clamp.
            integral = clamp(integral, next.outputMin(), next.outputMax());
        }
        gains = next;
    }

    /** Forgets the measurement history (after a gap in the input), keeping the integral. */
    public void forgetMeasurement() {
        lastPv = Double.NaN;
        derivative = 0;
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
