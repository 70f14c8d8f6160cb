package dev.hearth.gateway.hardware.chip;

import java.util.function.Supplier;

import dev.hearth.gateway.hardware.DriverException;

/**
 * One chip that several sensors read (a BME280's temperature, humidity and pressure): opened when first needed and
 * again after a failure (so a chip that was unplugged or absent at start is picked up when it answers), measured at
 * most once per {@code reuseNanos} so its sensors share one measurement instead of waking the chip three times.
 */
public final class SharedChip {

    private final Supplier<Chip> opener;
    private final long reuseNanos;
    private Chip chip;
    private Chip.Measurement last;
    private long lastAt;

    public SharedChip(Supplier<Chip> opener, long reuseNanos) {
        this.opener = opener;
        this.reuseNanos = reuseNanos;
    }

    public synchronized double read(Chip.Channel channel) {
        long now = System.nanoTime();
        if (last == null || now - lastAt > reuseNanos) {
            try {
                if (chip == null) {
                    chip = opener.get();
                }
                last = chip.measure();
                lastAt = now;
            } catch (DriverException e) {
                chip = null; // open it afresh next time: the chip may have been reset or replaced
                last = null;
                throw e;
            }
        }
        return last.get(channel);
    }
}
