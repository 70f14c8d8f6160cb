package dev.hearth.gateway.hardware.pi4j;

import java.time.Duration;

import com.pi4j.io.gpio.digital.DigitalInput;

import dev.hearth.gateway.hardware.Debouncer;
import dev.hearth.gateway.hardware.DriverException;
import dev.hearth.gateway.hardware.SensorDriver;

/**
 * A digital input (light/dark module, motion, door contact): 1 when the pin is high, 0 when low, debounced. Every
 * edge Pi4J reports feeds the {@link Debouncer}, so bounces between two samples are filtered too.
 */
public final class Pi4jDigitalInput implements SensorDriver {

    private final DigitalInput input;
    private final Debouncer debouncer;

    public Pi4jDigitalInput(DigitalInput input, Duration debounce) {
        this.input = input;
        this.debouncer = new Debouncer(input.isHigh(), debounce.toNanos(), System.nanoTime());
        input.addListener(event -> debouncer.raw(event.state().isHigh(), System.nanoTime()));
    }

    @Override
    public double read() {
        try {
            debouncer.raw(input.isHigh(), System.nanoTime()); // a level with no edge event (a provider without listeners)
            return debouncer.stable(System.nanoTime()) ? 1 : 0;
        } catch (RuntimeException e) {
            throw new DriverException("GPIO " + input.address() + " unreadable: " + e.getMessage(), e);
        }
    }
}
