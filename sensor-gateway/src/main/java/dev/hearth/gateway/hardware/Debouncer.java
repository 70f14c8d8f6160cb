package dev.hearth.gateway.hardware;

/**
 * A contact's level as it counts: a new raw level replaces the stable one only after holding for the debounce time,
 * so the bounces of a switch closing (a few milliseconds of flicker) and short glitches are never reported. Plain
 * Java, time passed in (nanoseconds of a monotonic clock).
 */
public final class Debouncer {

    private final long holdNanos;
    private boolean raw;
    private long rawSince;
    private boolean stable;

    public Debouncer(boolean initial, long holdNanos, long now) {
        this.holdNanos = holdNanos;
        this.raw = initial;
        this.stable = initial;
        this.rawSince = now;
    }

    /** The pin changed to {@code level} at {@code now}. */
    public synchronized void raw(boolean level, long now) {
        if (level != raw) {
            raw = level;
            rawSince = now;
        }
    }

    /** The level as it counts at {@code now}. */
    public synchronized boolean stable(long now) {
        if (raw != stable && now - rawSince >= holdNanos) {
            stable = raw;
        }
        return stable;
    }
}
