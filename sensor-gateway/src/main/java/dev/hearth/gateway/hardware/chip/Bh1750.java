package dev.hearth.gateway.hardware.chip;

import dev.hearth.gateway.hardware.I2cDevice;

/** ROHM BH1750 (ambient light): one-time high-resolution mode, 1 lx resolution, the default measurement time. */
public final class Bh1750 implements Chip {

    static final byte POWER_ON = 0x01;
    static final byte ONE_TIME_HIGH_RES = 0x20;
    /** High-resolution mode takes at most 180 ms (datasheet, electrical characteristics). */
    private static final long MEASURE_MILLIS = 180;

    private final I2cDevice device;

    public Bh1750(I2cDevice device) {
        this.device = device;
    }

    @Override
    public Measurement measure() {
        device.write(POWER_ON);
        device.write(ONE_TIME_HIGH_RES); // the chip powers down again after the measurement
        Chip.pause(MEASURE_MILLIS);
        byte[] d = new byte[2];
        device.read(d);
        return new Measurement().with(Channel.ILLUMINANCE, lux((d[0] & 0xFF) << 8 | (d[1] & 0xFF)));
    }

    /** Datasheet page 7: lux = count / 1.2 at the default measurement time (MTreg 69). */
    public static double lux(int count) {
        return count / 1.2;
    }
}
