package dev.hearth.control.pid;

/** The tuning of a PID controller and the range its output may take. */
public record PidGains(double kp, double ki, double kd, double outputMin, double outputMax) {

    public PidGains {
        if (!(outputMin < outputMax)) {
            throw new IllegalArgumentException("outputMin must be below outputMax");
        }
    }
}
