package dev.hearth.control.controller;

/**
 * Turns a duty (0..1) into on/off for a relay: within each cycle of {@code cycleMs} the relay is on for the first
 * {@code duty × cycleMs}, with the duty as it is at each tick (a duty latched for a whole cycle would leave a cold
 * room unheated for that long), but it switches on and off at most once per cycle, so a noisy duty does not chatter.
 * A relay is never switched again within {@code minSwitchMs} of its last switch, and a duty whose on or off stretch
 * would be shorter than that rounds to fully off or fully on.
 */
public final class TimeProportioning {

    private final long cycleMs;
    private final long minSwitchMs;
    private long cycleStartMs = Long.MIN_VALUE;
    private boolean on;
    private long lastSwitchMs = Long.MIN_VALUE;
    private boolean offThisCycle;

    public TimeProportioning(long cycleMs, long minSwitchMs) {
        if (cycleMs <= 0) {
            throw new IllegalArgumentException("cycleMs must be positive");
        }
        this.cycleMs = cycleMs;
        this.minSwitchMs = minSwitchMs;
    }

    /** Whether the relay is on at {@code monotonicMs} for the wanted {@code duty}. */
    public boolean on(double duty, long monotonicMs) {
        if (cycleStartMs == Long.MIN_VALUE) {
            cycleStartMs = monotonicMs;
        } else if (monotonicMs - cycleStartMs >= cycleMs) {
            cycleStartMs += (monotonicMs - cycleStartMs) / cycleMs * cycleMs;
            offThisCycle = false;
        }
        boolean want = !offThisCycle && monotonicMs - cycleStartMs < round(Math.max(0, Math.min(1, duty))) * cycleMs;
        if (want != on && (lastSwitchMs == Long.MIN_VALUE || monotonicMs - lastSwitchMs >= minSwitchMs)) {
            on = want;
            lastSwitchMs = monotonicMs;
            offThisCycle = !on;
        }
        return on;
    }

    private double round(double duty) {
        if (duty * cycleMs < minSwitchMs) {
            return 0;
        }
        if ((1 - duty) * cycleMs < minSwitchMs) {
            return 1;
        }
        return duty;
    }
}
