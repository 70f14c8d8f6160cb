package dev.hearth.gateway.hardware.pi4j;

import java.util.ArrayList;
import java.util.List;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.library.pigpio.PiGpio;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalInputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;
import com.pi4j.plugin.pigpio.provider.gpio.digital.PiGpioDigitalInputProvider;
import com.pi4j.plugin.pigpio.provider.gpio.digital.PiGpioDigitalOutputProvider;
import com.pi4j.plugin.pigpio.provider.i2c.PiGpioI2CProvider;
import com.pi4j.plugin.pigpio.provider.pwm.PiGpioPwmProvider;
import com.pi4j.provider.Provider;

import dev.hearth.gateway.hardware.HardwareConfig;

/**
 * The Pi4J context for the configured platform, with exactly the providers asked for and no auto-detection (which
 * would load every plugin on the class path, and pigpio's native library with it). The only class that names Pi4J's
 * plugins: moving to Pi4J 3 changes this package and nothing else.
 */
public final class Pi4jPlatform {

    private Pi4jPlatform() {
    }

    public static Context context(HardwareConfig config) {
        return switch (config.platform()) {
            case "mock" -> Pi4J.newContextBuilder().noAutoDetect().add(new MockPlatform())
                    .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
                            MockPwmProvider.newInstance(), MockI2CProvider.newInstance())
                    .build();
            case "pi" -> Pi4J.newContextBuilder().noAutoDetect().add(piProviders(config).toArray(Provider[]::new)).build();
            default -> throw new IllegalStateException("hearth.hardware.platform=" + config.platform()
                    + " is not a platform: use 'mock' (the simulated house) or 'pi' (a Raspberry Pi)");
        };
    }

    private static List<Provider> piProviders(HardwareConfig config) {
        List<Provider> providers = new ArrayList<>();
        PiGpio[] pigpio = new PiGpio[1];
        switch (config.gpio()) {
            case "gpiod" -> providers.addAll(List.of(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance()));
            case "linuxfs" -> providers.addAll(List.of(LinuxFsDigitalInputProvider.newInstance(), LinuxFsDigitalOutputProvider.newInstance()));
            case "pigpio" -> providers.addAll(List.of(PiGpioDigitalInputProvider.newInstance(pigpio(config, pigpio)),
                    PiGpioDigitalOutputProvider.newInstance(pigpio(config, pigpio))));
            default -> throw unknown("gpio", config.gpio(), "gpiod, linuxfs or pigpio");
        }
        switch (config.pwm()) {
            case "linuxfs" -> providers.add(LinuxFsPwmProvider.newInstance(config.pwmChip()));
            case "pigpio" -> providers.add(PiGpioPwmProvider.newInstance(pigpio(config, pigpio)));
            default -> throw unknown("pwm", config.pwm(), "linuxfs or pigpio");
        }
        switch (config.i2c()) {
            case "linuxfs" -> providers.add(LinuxFsI2CProvider.newInstance());
            case "pigpio" -> providers.add(PiGpioI2CProvider.newInstance(pigpio(config, pigpio)));
            default -> throw unknown("i2c", config.i2c(), "linuxfs or pigpio");
        }
        return providers;
    }

    /** One pigpio connection shared by every provider that uses it. */
    private static PiGpio pigpio(HardwareConfig config, PiGpio[] shared) {
        if (shared[0] == null) {
            shared[0] = config.pigpioHost().map(host -> PiGpio.newSocketInstance(host, config.pigpioPort()))
                    .orElseGet(PiGpio::newNativeInstance);
        }
        return shared[0];
    }

    private static IllegalStateException unknown(String what, String value, String choices) {
        return new IllegalStateException("hearth.hardware." + what + "=" + value + " is not a provider: use " + choices);
    }
}
