package dev.hearth.gateway.hardware.chip;

import java.util.HashMap;
import java.util.Map;

import com.pi4j.io.i2c.I2C;
import com.pi4j.io.i2c.I2CConfig;
import com.pi4j.plugin.mock.provider.i2c.MockI2C;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProviderImpl;

/**
 * Pi4J's mock I2C provider with register-level fakes of real chips behind its addresses: the drivers talk to it
 * through Pi4J exactly as they would to {@code /dev/i2c-1}. A fake can stop answering, as an unplugged chip does.
 */
public final class FakeI2cBus extends MockI2CProviderImpl {

    /** A chip as the bus sees it: what it does with the bytes written to it, and what it answers. */
    public interface ChipModel {
        default void write(byte[] data) {
            throw new UnsupportedOperationException("this chip takes no plain writes");
        }

        default byte[] read(int length) {
            throw new UnsupportedOperationException("this chip answers no plain reads");
        }

        default void writeRegister(int register, byte value) {
            throw new UnsupportedOperationException("this chip has no registers");
        }

        default byte[] readRegister(int register, int length) {
            throw new UnsupportedOperationException("this chip has no registers");
        }
    }

    private final Map<Integer, ChipModel> chips = new HashMap<>();
    private final Map<Integer, Boolean> answering = new HashMap<>();

    public FakeI2cBus with(int address, ChipModel chip) {
        chips.put(address, chip);
        answering.put(address, true);
        return this;
    }

    /** Whether the chip at {@code address} answers (false: every transfer fails, as on a real bus with no ACK). */
    public void answering(int address, boolean answers) {
        answering.put(address, answers);
    }

    @Override
    public I2C create(I2CConfig config) {
        return new FakeChipI2c(this, config);
    }

    private final class FakeChipI2c extends MockI2C {
        private final int address;

        FakeChipI2c(FakeI2cBus provider, I2CConfig config) {
            super(provider, config);
            this.address = config.device();
        }

        private ChipModel chip() {
            ChipModel chip = chips.get(address);
            if (chip == null || !answering.getOrDefault(address, false)) {
                throw new IllegalStateException(String.format("no ACK from 0x%02x (remote I/O error)", address));
            }
            return chip;
        }

        @Override
        public int write(byte[] data, int offset, int length) {
            byte[] copy = new byte[length];
            System.arraycopy(data, offset, copy, 0, length);
            chip().write(copy);
            return length;
        }

        @Override
        public int write(byte b) {
            chip().write(new byte[] {b});
            return 1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            byte[] answer = chip().read(length);
            System.arraycopy(answer, 0, buffer, offset, length);
            return length;
        }

        @Override
        public int writeRegister(int register, byte b) {
            chip().writeRegister(register, b);
            return 1;
        }

        @Override
        public int readRegister(int register, byte[] buffer, int offset, int length) {
            byte[] answer = chip().readRegister(register, length);
            System.arraycopy(answer, 0, buffer, offset, length);
            return length;
        }
    }
}
