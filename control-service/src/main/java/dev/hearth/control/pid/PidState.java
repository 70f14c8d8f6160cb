package dev.hearth.control.pid;

/**
 * What a PID controller carries from one tick to the next. {@code integral} is the integral term itself (already
 * multiplied by ki), so changing ki does not make the output jump.
 *
 * @param lastPv the previous process value, or NaN before the first tick
 */
public record PidState(double integral, double lastPv) {

    public static final PidState INITIAL = new PidState(0, Double.NaN);
}
