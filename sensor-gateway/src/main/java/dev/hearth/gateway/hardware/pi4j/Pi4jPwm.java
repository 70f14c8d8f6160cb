package dev.hearth.gateway.hardware.pi4j;

import com.pi4j.io.pwm.Pwm;

import dev.hearth.gateway.hardware.DriverException;
import dev.hearth.gateway.hardware.OutputDriver;

/** A PWM output (heater, fan, dimmer): a value from 0 to 1 is the duty cycle. */
public final class Pi4jPwm implements OutputDriver {

    private final Pwm pwm;
    private final int frequencyHz;

    public Pi4jPwm(Pwm pwm, int frequencyHz) {
        this.pwm = pwm;
        this.frequencyHz = frequencyHz;
    }

    @Override
    public void write(double value) {
        try {
            if (value <= 0) {
                pwm.off();
            } else {
                pwm.on((float) (value * 100.0), frequencyHz);
            }
        } catch (RuntimeException e) {
            throw new DriverException("PWM " + pwm.address() + " unwritable: " + e.getMessage(), e);
        }
    }

    @Override
    public double current() {
        return pwm.isOn() ? pwm.getDutyCycle() / 100.0 : 0;
    }
}
