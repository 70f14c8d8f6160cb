package dev.hearth.control.controller;

/**
 * One loop's control law, ticked at a fixed sample period. Plain Java with time passed in (seconds since the previous
 * tick, and a monotonic millisecond clock), so every controller is tested in virtual time.
 */
public interface Controller {

    /** The output for process value {@code pv} and setpoint {@code sp}, {@code dt} seconds after the previous tick. */
    Output step(double pv, double sp, double dt, long monotonicMs);

    /**
     * Makes the next {@link #step} continue from {@code output}, what the actuator was last told while the loop was
     * not deciding (manual, stale input, another controller): the bumpless transfer back to automatic.
     */
    void track(double output, double pv, double sp);

    /** One tick's output and, for a PID, its three terms (zero for the on/off controllers). */
    record Output(double value, double p, double i, double d, boolean saturated) {

        public static Output onOff(double value) {
            return new Output(value, 0, 0, 0, false);
        }
    }
}
