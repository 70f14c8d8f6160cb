package dev.hearth.gateway.hardware.chip;

import dev.hearth.gateway.hardware.DriverException;
import dev.hearth.gateway.hardware.I2cDevice;

/**
 * Bosch BME280 (temperature, humidity, pressure) in forced mode: one measurement per read, then the chip sleeps, so it
 * does not warm itself. Oversampling x1 for all three, filter off (the datasheet's "weather monitoring" setting).
 */
public final class Bme280 implements Chip {

    static final int CHIP_ID = 0x60;
    static final int REG_ID = 0xD0;
    static final int REG_CALIB_TP = 0x88;
    static final int REG_CALIB_H = 0xE1;
    static final int REG_CTRL_HUM = 0xF2;
    static final int REG_STATUS = 0xF3;
    static final int REG_CTRL_MEAS = 0xF4;
    static final int REG_DATA = 0xF7;
    /** osrs_t x1, osrs_p x1, forced mode. */
    static final byte CTRL_MEAS_FORCED = 0b001_001_01;
    private static final int STATUS_MEASURING = 0b1000;

    private final I2cDevice device;
    private final Bme280Calibration calibration;

    public Bme280(I2cDevice device) {
        this.device = device;
        byte[] id = new byte[1];
        device.readRegister(REG_ID, id);
        if ((id[0] & 0xFF) != CHIP_ID) {
            throw new DriverException(String.format("%s: chip id 0x%02x, not a BME280 (0x60)", device.describe(), id[0] & 0xFF), null);
        }
        byte[] tp = new byte[26];
        byte[] h = new byte[7];
        device.readRegister(REG_CALIB_TP, tp);
        device.readRegister(REG_CALIB_H, h);
        this.calibration = Bme280Calibration.parse(tp, h);
    }

    @Override
    public Measurement measure() {
        device.writeRegister(REG_CTRL_HUM, (byte) 0b001); // osrs_h x1; takes effect with the next ctrl_meas write
        device.writeRegister(REG_CTRL_MEAS, CTRL_MEAS_FORCED);
        byte[] status = new byte[1];
        // A forced measurement at x1 takes at most 9.3 ms (datasheet, appendix B).
        for (int i = 0; i < 20; i++) {
            device.readRegister(REG_STATUS, status);
            if ((status[0] & STATUS_MEASURING) == 0) {
                break;
            }
            Chip.pause(2);
        }
        byte[] d = new byte[8];
        device.readRegister(REG_DATA, d);
        int adcP = (d[0] & 0xFF) << 12 | (d[1] & 0xFF) << 4 | (d[2] & 0xFF) >> 4;
        int adcT = (d[3] & 0xFF) << 12 | (d[4] & 0xFF) << 4 | (d[5] & 0xFF) >> 4;
        int adcH = (d[6] & 0xFF) << 8 | (d[7] & 0xFF);
        if (adcT == 0x80000 || adcP == 0x80000 || adcH == 0x8000) {
            // The reset values: the chip skipped the measurement (it was reset, or its power dipped).
            throw new DriverException(device.describe() + ": BME280 returned no measurement", null);
        }
        double tFine = calibration.fineTemperature(adcT);
        return new Measurement()
                .with(Channel.TEMPERATURE, calibration.celsius(tFine))
                .with(Channel.PRESSURE, calibration.pascal(adcP, tFine) / 100.0)
                .with(Channel.HUMIDITY, calibration.relativeHumidity(adcH, tFine));
    }
}
