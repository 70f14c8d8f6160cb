package dev.hearth.gateway.hardware;

/**
 * Slow PWM for a relay: on for {@code duty} of each cycle, then off. A pulse shorter than the minimum is not worth a
 * relay's switch: a duty that small is off, one that close to full is on. Plain Java.
 */
public final class TimeProportioning {

    /** The shortest on or off time, as a share of the cycle. */
    public static final double MIN_PULSE = 0.02;

    private TimeProportioning() {
    }

    /** Whether the relay is on at {@code intoCycle} (0..1 of the cycle) for {@code duty} (0..1). */
    public static boolean on(double duty, double intoCycle) {
        if (duty < MIN_PULSE) {
            return false;
        }
        if (duty > 1 - MIN_PULSE) {
            return true;
        }
        return intoCycle < duty;
    }
}
