package dev.hearth.gateway.hardware.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Each chip's arithmetic against its datasheet's worked examples. */
class ChipArithmeticTest {

    private static final Bme280Calibration CAL = new Bme280Calibration(FakeChips.T[0], FakeChips.T[1], FakeChips.T[2],
            FakeChips.P[0], FakeChips.P[1], FakeChips.P[2], FakeChips.P[3], FakeChips.P[4], FakeChips.P[5], FakeChips.P[6],
            FakeChips.P[7], FakeChips.P[8], FakeChips.H[0], FakeChips.H[1], FakeChips.H[2], FakeChips.H[3], FakeChips.H[4],
            FakeChips.H[5]);

    @Test
    void bme280TemperatureAndPressureMatchTheDatasheetExample() {
        // BMP280 datasheet, section 3.11.3 (the BME280's formulas are the same): adc_T 519888 is 25.08 °C with
        // t_fine 128422, adc_P 415148 is 100653.27 Pa (double-precision compensation).
        double tFine = CAL.fineTemperature(519888);
        assertThat(tFine).isCloseTo(128422, within(1.0));
        assertThat(CAL.celsius(tFine)).isCloseTo(25.08, within(0.005));
        assertThat(CAL.pascal(415148, tFine)).isCloseTo(100653.27, within(0.01));
    }

    @Test
    void bme280HumidityAgreesWithTheDatasheetsIntegerFormula() {
        // The datasheet gives humidity's compensation twice: in doubles and in 32-bit integers (Q22.10 %RH). The
        // driver's must agree with the integer one to its resolution, across the range.
        for (int adcH = 20_000; adcH <= 45_000; adcH += 2_500) {
            for (int adcT : new int[] {450_000, 519_888, 560_000}) {
                double tFine = CAL.fineTemperature(adcT);
                double expected = integerHumidity(adcH, integerTFine(adcT)) / 1024.0;
                assertThat(CAL.relativeHumidity(adcH, tFine)).as("adc_H %d, adc_T %d", adcH, adcT).isCloseTo(expected, within(0.02));
            }
        }
    }

    @Test
    void bme280CalibrationIsParsedFromItsRegisterLayout() {
        FakeChips.Bme280Fake fake = new FakeChips.Bme280Fake();
        byte[] tp = fake.readRegister(0x88, 26);
        byte[] h = fake.readRegister(0xE1, 7);
        assertThat(Bme280Calibration.parse(tp, h)).isEqualTo(CAL);
    }

    @Test
    void sht31ConversionAndCrcMatchTheDatasheet() {
        // Datasheet section 4.12: CRC-8 of 0xBEEF is 0x92.
        assertThat(Crc8.of(new byte[] {(byte) 0xBE, (byte) 0xEF}, 0, 2)).isEqualTo(0x92);
        // Section 4.13: the ends of the raw range.
        assertThat(Sht31.celsius(0)).isEqualTo(-45.0);
        assertThat(Sht31.celsius(0xFFFF)).isEqualTo(130.0);
        assertThat(Sht31.relativeHumidity(0xFFFF)).isEqualTo(100.0);
        assertThat(Sht31.celsius(0x6666)).isCloseTo(25.0, within(0.01));
    }

    @Test
    void bh1750CountMatchesTheDatasheetExample() {
        // Datasheet page 7: high byte 1000_0011, low byte 1001_0000 is 28067 lx.
        assertThat(Bh1750.lux(0x8390)).isCloseTo(28067, within(0.5));
    }

    /** BME280 datasheet, section 4.2.3: BME280_compensate_T_int32's t_fine. */
    private static int integerTFine(int adcT) {
        int t1 = FakeChips.T[0];
        int t2 = FakeChips.T[1];
        int t3 = FakeChips.T[2];
        int var1 = (((adcT >> 3) - (t1 << 1)) * t2) >> 11;
        int var2 = (((((adcT >> 4) - t1) * ((adcT >> 4) - t1)) >> 12) * t3) >> 14;
        return var1 + var2;
    }

    /** BME280 datasheet, section 4.2.3: bme280_compensate_H_int32, in Q22.10 %RH. */
    private static int integerHumidity(int adcH, int tFine) {
        int h1 = FakeChips.H[0];
        int h2 = FakeChips.H[1];
        int h3 = FakeChips.H[2];
        int h4 = FakeChips.H[3];
        int h5 = FakeChips.H[4];
        int h6 = FakeChips.H[5];
        int v = tFine - 76800;
        v = ((((adcH << 14) - (h4 << 20) - (h5 * v)) + 16384) >> 15)
                * (((((((v * h6) >> 10) * (((v * h3) >> 11) + 32768)) >> 10) + 2097152) * h2 + 8192) >> 14);
        v = v - (((((v >> 15) * (v >> 15)) >> 7) * h1) >> 4);
        v = Math.max(0, Math.min(419430400, v));
        return v >> 12;
    }
}
