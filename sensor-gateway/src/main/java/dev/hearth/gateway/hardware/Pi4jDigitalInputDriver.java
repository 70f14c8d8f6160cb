package dev.hearth.gateway.hardware;

import com.pi4j.io.gpio.digital.DigitalInput;

/** A digital input (light/dark, motion, contact): 1 when the pin is high, 0 when low. */
public final class Pi4jDigitalInputDriver implements SensorDriver {

    private final DigitalInput input;

    public Pi4jDigitalInputDriver(DigitalInput input) {
        this.input = input;
    }

    @Override
    public double read() {
        try {
            return input.isHigh() ? 1 : 0;
        } catch (RuntimeException e) {
            throw new DriverException("GPIO " + input.address() + " unreadable: " + e.getMessage(), e);
        }
    }
}
