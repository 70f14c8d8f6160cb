package dev.hearth.gateway.hardware.pi4j;

import com.pi4j.io.gpio.digital.DigitalOutput;

import dev.hearth.gateway.hardware.DriverException;
import dev.hearth.gateway.hardware.OutputDriver;

/** A relay on a GPIO pin: any value above 0.5 switches it on. */
public final class Pi4jDigitalOutput implements OutputDriver {

    private final DigitalOutput output;

    public Pi4jDigitalOutput(DigitalOutput output) {
        this.output = output;
    }

    @Override
    public void write(double value) {
        try {
            if (value > 0.5) {
                output.high();
            } else {
                output.low();
            }
        } catch (RuntimeException e) {
            throw new DriverException("GPIO " + output.address() + " unwritable: " + e.getMessage(), e);
        }
    }

    @Override
    public double current() {
        return output.isHigh() ? 1 : 0;
    }
}
