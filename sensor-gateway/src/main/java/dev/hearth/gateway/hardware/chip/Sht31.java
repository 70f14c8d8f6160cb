package dev.hearth.gateway.hardware.chip;

import dev.hearth.gateway.hardware.DriverException;
import dev.hearth.gateway.hardware.I2cDevice;

/**
 * Sensirion SHT31 (temperature, humidity): a single-shot measurement, high repeatability, no clock stretching
 * (datasheet section 4.3, command 0x2400), each 16-bit word checked against its CRC.
 */
public final class Sht31 implements Chip {

    static final byte[] MEASURE_HIGH = {0x24, 0x00};
    /** High repeatability takes at most 15.5 ms (datasheet table 4). */
    private static final long MEASURE_MILLIS = 16;

    private final I2cDevice device;

    public Sht31(I2cDevice device) {
        this.device = device;
    }

    @Override
    public Measurement measure() {
        device.write(MEASURE_HIGH);
        Chip.pause(MEASURE_MILLIS);
        byte[] d = new byte[6];
        device.read(d);
        check(d, 0, "temperature");
        check(d, 3, "humidity");
        int rawT = (d[0] & 0xFF) << 8 | (d[1] & 0xFF);
        int rawH = (d[3] & 0xFF) << 8 | (d[4] & 0xFF);
        return new Measurement().with(Channel.TEMPERATURE, celsius(rawT)).with(Channel.HUMIDITY, relativeHumidity(rawH));
    }

    /** Datasheet section 4.13: T = -45 + 175 * S / (2^16 - 1). */
    public static double celsius(int raw) {
        return -45 + 175.0 * raw / 65535.0;
    }

    /** Datasheet section 4.13: RH = 100 * S / (2^16 - 1). */
    public static double relativeHumidity(int raw) {
        return 100.0 * raw / 65535.0;
    }

    private void check(byte[] d, int offset, String what) {
        int expected = Crc8.of(d, offset, 2);
        if (expected != (d[offset + 2] & 0xFF)) {
            throw new DriverException(String.format("%s: SHT31 %s failed its CRC (0x%02x, expected 0x%02x)",
                    device.describe(), what, d[offset + 2] & 0xFF, expected), null, DriverException.Kind.CRC);
        }
    }
}
