package dev.hearth.control.controller;

/**
 * The tuning of a PID controller in parallel form ({@code out = kp*e + ki*∫e dt - kd*dpv/dt}, ki per second, kd in
 * seconds) and the range its output may take.
 */
public record PidGains(double kp, double ki, double kd, double outputMin, double outputMax) {

    public PidGains {
        if (!(outputMin < outputMax)) {
            throw new IllegalArgumentException("outputMin must be below outputMax");
        }
        if (!(kp >= 0 && ki >= 0 && kd >= 0)) {
            throw new IllegalArgumentException("gains must not be negative");
        }
    }
}
