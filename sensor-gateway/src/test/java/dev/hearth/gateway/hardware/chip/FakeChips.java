package dev.hearth.gateway.hardware.chip;

/** Register-level fakes of the chips Hearth drives, each answering as its datasheet says. */
public final class FakeChips {

    private FakeChips() {
    }

    /** The BMP280 datasheet's example trimming (section 3.11.3) and a BME280's humidity trimming. */
    static final int[] T = {27504, 26435, -1000};
    static final int[] P = {36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000};
    static final int[] H = {75, 362, 0, 313, 50, 30};

    /**
     * A BME280: chip id, calibration in its registers, forced mode that latches the raw values it was given into the
     * data registers, and the status bit.
     */
    public static final class Bme280Fake implements FakeI2cBus.ChipModel {
        final byte[] registers = new byte[256];
        int adcT = 519888;
        int adcP = 415148;
        int adcH = 30000;
        public int measurements;

        public Bme280Fake() {
            registers[0xD0] = 0x60;
            int r = 0x88;
            for (int t : T) {
                registers[r++] = (byte) t;
                registers[r++] = (byte) (t >> 8);
            }
            for (int p : P) {
                registers[r++] = (byte) p;
                registers[r++] = (byte) (p >> 8);
            }
            registers[0xA1] = (byte) H[0];
            registers[0xE1] = (byte) H[1];
            registers[0xE2] = (byte) (H[1] >> 8);
            registers[0xE3] = (byte) H[2];
            registers[0xE4] = (byte) (H[3] >> 4);
            registers[0xE5] = (byte) ((H[3] & 0x0F) | (H[4] & 0x0F) << 4);
            registers[0xE6] = (byte) (H[4] >> 4);
            registers[0xE7] = (byte) H[5];
            // Reset values of the data registers: 0x80000 / 0x8000, "no measurement".
            registers[0xF7] = (byte) 0x80;
            registers[0xFA] = (byte) 0x80;
            registers[0xFD] = (byte) 0x80;
        }

        @Override
        public void writeRegister(int register, byte value) {
            registers[register] = value;
            if (register == 0xF4 && (value & 0b11) == 0b01) { // forced mode: measure once
                measurements++;
                registers[0xF7] = (byte) (adcP >> 12);
                registers[0xF8] = (byte) (adcP >> 4);
                registers[0xF9] = (byte) ((adcP & 0x0F) << 4);
                registers[0xFA] = (byte) (adcT >> 12);
                registers[0xFB] = (byte) (adcT >> 4);
                registers[0xFC] = (byte) ((adcT & 0x0F) << 4);
                registers[0xFD] = (byte) (adcH >> 8);
                registers[0xFE] = (byte) adcH;
                registers[0xF3] = 0; // done at once
            }
        }

        @Override
        public byte[] readRegister(int register, int length) {
            byte[] out = new byte[length];
            System.arraycopy(registers, register, out, 0, length);
            return out;
        }
    }

    /** An SHT31: the single-shot command latches a measurement, a read returns it with Sensirion's CRCs. */
    public static final class Sht31Fake implements FakeI2cBus.ChipModel {
        int rawT = 0x6666;
        int rawH = 0x8000;
        public boolean corruptHumidityCrc;
        private byte[] latched;

        @Override
        public void write(byte[] data) {
            if (data.length == 2 && data[0] == 0x24 && data[1] == 0x00) {
                latched = new byte[] {(byte) (rawT >> 8), (byte) rawT, 0, (byte) (rawH >> 8), (byte) rawH, 0};
                latched[2] = (byte) Crc8.of(latched, 0, 2);
                latched[5] = (byte) (Crc8.of(latched, 3, 2) ^ (corruptHumidityCrc ? 0x01 : 0));
            } else {
                throw new IllegalStateException("SHT31 fake: unexpected command");
            }
        }

        @Override
        public byte[] read(int length) {
            if (latched == null || length != 6) {
                throw new IllegalStateException("SHT31 fake: read without a measurement (NACK)");
            }
            byte[] out = latched;
            latched = null;
            return out;
        }
    }

    /** A BH1750: power on, then a one-time measurement; answers the datasheet's example count 0x8390 by default. */
    public static final class Bh1750Fake implements FakeI2cBus.ChipModel {
        int count = 0x8390;
        private boolean powered;
        private boolean measured;

        @Override
        public void write(byte[] data) {
            if (data[0] == 0x01) {
                powered = true;
            } else if (data[0] == 0x20 && powered) {
                measured = true;
            } else {
                throw new IllegalStateException("BH1750 fake: unexpected command " + data[0]);
            }
        }

        @Override
        public byte[] read(int length) {
            if (!measured) {
                throw new IllegalStateException("BH1750 fake: read before a measurement");
            }
            measured = false;
            powered = false; // one-time mode powers down after the measurement
            return new byte[] {(byte) (count >> 8), (byte) count};
        }
    }
}
