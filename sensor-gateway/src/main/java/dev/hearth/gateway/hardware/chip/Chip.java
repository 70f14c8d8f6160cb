package dev.hearth.gateway.hardware.chip;

import java.util.EnumMap;
import java.util.Map;

import dev.hearth.gateway.hardware.DriverException;

/** A sensor chip that measures several channels at once; one measurement serves every sensor declared on it. */
public interface Chip {

    /** What a chip can measure; a sensor entry picks one ({@code channel=humidity}). */
    enum Channel {
        TEMPERATURE, HUMIDITY, PRESSURE, ILLUMINANCE
    }

    /** One measurement of all the chip's channels. */
    final class Measurement {
        private final Map<Channel, Double> values = new EnumMap<>(Channel.class);

        public Measurement with(Channel channel, double value) {
            values.put(channel, value);
            return this;
        }

        public double get(Channel channel) {
            Double value = values.get(channel);
            if (value == null) {
                throw new IllegalArgumentException("this chip does not measure " + channel);
            }
            return value;
        }

        public boolean has(Channel channel) {
            return values.containsKey(channel);
        }
    }

    /** Measures now; throws {@link DriverException} when the bus or the chip fails. */
    Measurement measure();

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException("interrupted while the chip measured", e);
        }
    }
}
