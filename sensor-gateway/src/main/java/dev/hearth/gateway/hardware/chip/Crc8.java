package dev.hearth.gateway.hardware.chip;

/** Sensirion's CRC-8 (polynomial 0x31, initial 0xFF, no reflection), which guards every word an SHT31 sends. */
public final class Crc8 {

    private Crc8() {
    }

    public static int of(byte[] data, int offset, int length) {
        int crc = 0xFF;
        for (int i = offset; i < offset + length; i++) {
            crc ^= data[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x31) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }
}
