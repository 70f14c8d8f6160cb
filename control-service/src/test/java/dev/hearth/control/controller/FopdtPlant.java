package dev.hearth.control.controller;

import java.util.ArrayDeque;

/**
 * A first-order-plus-dead-time process in virtual time: {@code τ·y' = K·u(t−θ) + disturbance − y}, integrated in
 * steps of {@code dt}. The textbook stand-in for a heated room, with an analytic ultimate gain and period.
 */
final class FopdtPlant {

    final double gain;
    final double tau;
    final double deadTime;
    private final double dt;
    private final ArrayDeque<Double> delayed = new ArrayDeque<>();
    double y;
    double disturbance;

    FopdtPlant(double gain, double tau, double deadTime, double dt, double y0) {
        this.gain = gain;
        this.tau = tau;
        this.deadTime = deadTime;
        this.dt = dt;
        this.y = y0;
        for (int i = 0; i < Math.round(deadTime / dt); i++) {
            delayed.add(0.0);
        }
    }

    /** One step of {@code dt} with input {@code u}; returns the new output. */
    double step(double u) {
        delayed.add(u);
        double acting = delayed.poll();
        y += (gain * acting + disturbance - y) * dt / tau;
        return y;
    }

    /** The frequency where the phase lag is 180°: θω + atan(τω) = π, by bisection. */
    double ultimateFrequency() {
        double lo = 1e-9;
        double hi = Math.PI / deadTime;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (deadTime * mid + Math.atan(tau * mid) < Math.PI) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    double ultimateGain() {
        double w = ultimateFrequency();
        return Math.sqrt(1 + tau * tau * w * w) / gain;
    }

    double ultimatePeriodSeconds() {
        return 2 * Math.PI / ultimateFrequency();
    }
}
