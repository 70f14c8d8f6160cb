package dev.hearth.gateway.hardware;

/**
 * One device on an I2C bus, as Hearth's chip drivers see it: plain reads and writes (command chips such as the SHT31
 * and BH1750) and register access (register chips such as the BME280). Implemented over Pi4J in
 * {@code hardware.pi4j}; a failed transfer throws {@link DriverException}.
 */
public interface I2cDevice {

    void write(byte... bytes);

    void read(byte[] into);

    void writeRegister(int register, byte value);

    void readRegister(int register, byte[] into);

    /** Where the device is, for messages: {@code I2C bus 1 address 0x76}. */
    String describe();
}
