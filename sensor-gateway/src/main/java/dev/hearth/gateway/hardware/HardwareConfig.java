package dev.hearth.gateway.hardware;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which Pi4J platform drives the pins and buses: {@code mock} (Pi4J's mock platform under the simulated house: a
 * laptop, the tests) or {@code pi} (a Raspberry Pi, with the providers below). Beside it, the simulated house.
 */
@ConfigMapping(prefix = "hearth.hardware")
public interface HardwareConfig {

    /** {@code mock} or {@code pi}. */
    @WithDefault("mock")
    String platform();

    /** On a Pi: {@code gpiod} (the kernel's GPIO character device; needs no root), {@code linuxfs} or {@code pigpio}. */
    @WithDefault("gpiod")
    String gpio();

    /** On a Pi: {@code linuxfs} (the kernel's hardware PWM, {@code /sys/class/pwm}) or {@code pigpio}. */
    @WithDefault("linuxfs")
    String pwm();

    /** On a Pi: {@code linuxfs} ({@code /dev/i2c-N}) or {@code pigpio}. */
    @WithDefault("linuxfs")
    String i2c();

    /** The kernel's PWM chip for {@code pwm=linuxfs}: 0 on a Pi 3 or 4, 2 on a Pi 5. */
    @WithDefault("0")
    int pwmChip();

    /** For {@code pigpio}: the {@code pigpiod} daemon's host and port; unset, the native library (needs root). */
    Optional<String> pigpioHost();

    @WithDefault("8888")
    int pigpioPort();

    Simulation simulation();

    interface Simulation {
        @WithDefault("42")
        long seed();

        @WithDefault("17.0")
        double startCelsius();

        /** How much faster than real time the house's temperatures and humidity move (tests: a fast house). */
        @WithDefault("1")
        double speed();
    }
}
