package dev.hearth.gateway.hardware;

import com.pi4j.io.gpio.digital.DigitalOutput;

/** A relay on a GPIO pin: any value above 0.5 switches it on. */
public final class Pi4jDigitalOutputDriver implements OutputDriver {

    private final DigitalOutput output;

    public Pi4jDigitalOutputDriver(DigitalOutput output) {
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
