package dev.hearth.gateway.hardware.pi4j;

import com.pi4j.io.i2c.I2C;

import dev.hearth.gateway.hardware.DriverException;
import dev.hearth.gateway.hardware.I2cDevice;

/** An I2C device through Pi4J; every failure of the bus becomes a {@link DriverException}. */
public final class Pi4jI2cDevice implements I2cDevice {

    private final I2C i2c;

    public Pi4jI2cDevice(I2C i2c) {
        this.i2c = i2c;
    }

    @Override
    public void write(byte... bytes) {
        try {
            int written = i2c.write(bytes, 0, bytes.length);
            if (written < 0) {
                throw new DriverException(describe() + ": write failed (" + written + ")", null);
            }
        } catch (RuntimeException e) {
            throw failure("write", e);
        }
    }

    @Override
    public void read(byte[] into) {
        try {
            int read = i2c.read(into, 0, into.length);
            if (read != into.length) {
                throw new DriverException(describe() + ": read " + read + " of " + into.length + " bytes", null);
            }
        } catch (RuntimeException e) {
            throw failure("read", e);
        }
    }

    @Override
    public void writeRegister(int register, byte value) {
        try {
            int written = i2c.writeRegister(register, value);
            if (written < 0) {
                throw new DriverException(describe() + String.format(": write of register 0x%02x failed", register), null);
            }
        } catch (RuntimeException e) {
            throw failure("register write", e);
        }
    }

    @Override
    public void readRegister(int register, byte[] into) {
        try {
            int read = i2c.readRegister(register, into, 0, into.length);
            if (read != into.length) {
                throw new DriverException(describe() + String.format(": read %d of %d bytes from register 0x%02x", read, into.length, register), null);
            }
        } catch (RuntimeException e) {
            throw failure("register read", e);
        }
    }

    @Override
    public String describe() {
        return String.format("I2C bus %d address 0x%02x", i2c.bus(), i2c.device());
    }

    private DriverException failure(String what, RuntimeException e) {
        return e instanceof DriverException d ? d : new DriverException(describe() + ": " + what + " failed: " + e.getMessage(), e);
    }
}
