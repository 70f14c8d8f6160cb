package dev.hearth.gateway.hardware.chip;

/**
 * A BME280's factory trimming parameters and the compensation arithmetic of its datasheet (Bosch BST-BME280-DS002,
 * section 4.2.3, the double-precision formulas; temperature and pressure are the BMP280's). Pure functions.
 */
public record Bme280Calibration(int t1, int t2, int t3, int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8,
        int p9, int h1, int h2, int h3, int h4, int h5, int h6) {

    /** Parses registers 0x88..0xA1 (26 bytes) and 0xE1..0xE7 (7 bytes), little-endian as the datasheet lays them out. */
    public static Bme280Calibration parse(byte[] tp, byte[] h) {
        if (tp.length != 26 || h.length != 7) {
            throw new IllegalArgumentException("BME280 calibration needs 26 + 7 bytes");
        }
        return new Bme280Calibration(u16(tp, 0), s16(tp, 2), s16(tp, 4),
                u16(tp, 6), s16(tp, 8), s16(tp, 10), s16(tp, 12), s16(tp, 14), s16(tp, 16), s16(tp, 18), s16(tp, 20), s16(tp, 22),
                tp[25] & 0xFF,
                s16(h, 0), h[2] & 0xFF,
                // dig_H4 and dig_H5 are 12-bit signed values sharing register 0xE5.
                (h[3] << 4) | (h[4] & 0x0F), (h[5] << 4) | ((h[4] & 0xFF) >> 4),
                h[6]);
    }

    /** The fine temperature the pressure and humidity formulas take, from the raw 20-bit temperature. */
    public double fineTemperature(int adcT) {
        double var1 = (adcT / 16384.0 - t1 / 1024.0) * t2;
        double var2 = (adcT / 131072.0 - t1 / 8192.0) * (adcT / 131072.0 - t1 / 8192.0) * t3;
        return var1 + var2;
    }

    /** Degrees Celsius. */
    public double celsius(double tFine) {
        return tFine / 5120.0;
    }

    /** Pascal, from the raw 20-bit pressure. */
    public double pascal(int adcP, double tFine) {
        double var1 = tFine / 2.0 - 64000.0;
        double var2 = var1 * var1 * p6 / 32768.0;
        var2 = var2 + var1 * p5 * 2.0;
        var2 = var2 / 4.0 + p4 * 65536.0;
        var1 = (p3 * var1 * var1 / 524288.0 + p2 * var1) / 524288.0;
        var1 = (1.0 + var1 / 32768.0) * p1;
        if (var1 == 0) {
            throw new ArithmeticException("BME280 pressure: calibration p1 is 0");
        }
        double p = 1048576.0 - adcP;
        p = (p - var2 / 4096.0) * 6250.0 / var1;
        var1 = p9 * p * p / 2147483648.0;
        var2 = p * p8 / 32768.0;
        return p + (var1 + var2 + p7) / 16.0;
    }

    /** Relative humidity in percent, from the raw 16-bit humidity; limited to 0..100 as the datasheet does. */
    public double relativeHumidity(int adcH, double tFine) {
        double h = tFine - 76800.0;
        h = (adcH - (h4 * 64.0 + h5 / 16384.0 * h))
                * (h2 / 65536.0 * (1.0 + h6 / 67108864.0 * h * (1.0 + h3 / 67108864.0 * h)));
        h = h * (1.0 - h1 * h / 524288.0);
        return Math.max(0, Math.min(100, h));
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
    }

    private static int s16(byte[] b, int i) {
        return (short) u16(b, i);
    }
}
