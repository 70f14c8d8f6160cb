package dev.hearth.gateway.hardware;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.io.i2c.I2C;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;

import dev.hearth.gateway.config.Declaration;
import dev.hearth.gateway.config.DeclarationCheck;
import dev.hearth.gateway.config.GatewayConfig;
import dev.hearth.gateway.hardware.chip.Bh1750;
import dev.hearth.gateway.hardware.chip.Bme280;
import dev.hearth.gateway.hardware.chip.Chip;
import dev.hearth.gateway.hardware.chip.SharedChip;
import dev.hearth.gateway.hardware.chip.Sht31;
import dev.hearth.gateway.hardware.pi4j.Pi4jDigitalInput;
import dev.hearth.gateway.hardware.pi4j.Pi4jDigitalOutput;
import dev.hearth.gateway.hardware.pi4j.Pi4jI2cDevice;
import dev.hearth.gateway.hardware.pi4j.Pi4jPlatform;
import dev.hearth.gateway.hardware.pi4j.Pi4jPwm;
import dev.hearth.gateway.sim.SimulatedHouse;
import dev.hearth.gateway.sim.SimulatedSignalDriver;

/**
 * Builds a driver for every declared sensor and actuator on top of one Pi4J context, after checking the declaration
 * as a whole. On the {@code mock} platform it also owns the simulated house and keeps it in step with the outputs and
 * the mock input pins, so that the same drivers run on a laptop and on a Pi.
 */
@ApplicationScoped
public class Hardware {

    private static final Logger LOG = Logger.getLogger(Hardware.class);

    private final Context pi4j;
    private final String platform;
    private final String pwmProvider;
    private final SimulatedHouse house;
    private final Map<String, SensorDriver> sensors = new HashMap<>();
    private final Map<String, OutputDriver> outputs = new HashMap<>();
    private final Map<String, SharedChip> chips = new HashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    /** Mock input pins and the house signal (and room) each one follows. */
    private final Map<MockDigitalInput, String[]> simulatedInputs = new HashMap<>();
    /** Outputs that act on the simulated house: id, room, appliance. */
    private final Map<String, GatewayConfig.Actuator> simulatedOutputs = new HashMap<>();

    @Inject
    public Hardware(Declaration gateway, HardwareConfig config) {
        this(gateway, config, null);
    }

    /** With a Pi4J context of the caller's (tests: Pi4J's mock platform with register-level chip fakes). */
    public Hardware(Declaration gateway, HardwareConfig config, Context context) {
        this.platform = config.platform();
        this.pwmProvider = config.pwm();
        List<String> problems = DeclarationCheck.problems(gateway, platform, pwmProvider);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("The gateway's hardware declaration has " + problems.size() + " problem(s):\n  - "
                    + String.join("\n  - ", problems));
        }
        this.pi4j = context != null ? context : Pi4jPlatform.context(config);
        Set<String> rooms = new LinkedHashSet<>();
        gateway.sensors().values().forEach(s -> rooms.add(s.room()));
        gateway.actuators().values().forEach(a -> rooms.add(a.room()));
        this.house = "mock".equals(platform)
                ? new SimulatedHouse(config.simulation().seed(), config.simulation().startCelsius(), config.simulation().speed(), Instant.now(), rooms)
                : null;
        try {
            gateway.sensors().forEach((id, sensor) -> sensors.put(id, sensorDriver(id, sensor)));
            gateway.actuators().forEach((id, actuator) -> outputs.put(id, outputDriver(id, actuator)));
        } catch (RuntimeException e) {
            shutdown();
            throw e;
        }
        syncSimulation(Instant.now());
    }

    private SensorDriver sensorDriver(String id, GatewayConfig.Sensor sensor) {
        SensorDriver driver = switch (sensor.driver()) {
            case "sim" -> new SimulatedSignalDriver(house, sensor.room(), sensor.signal().orElseThrow());
            case "digital-input" -> digitalInput(id, sensor);
            case "bme280", "sht31", "bh1750" -> chipChannel(sensor);
            default -> throw new IllegalStateException("sensor " + id + ": unknown driver '" + sensor.driver() + "'");
        };
        SensorRange range = SensorRange.of(sensor);
        return range == null ? driver : () -> range.check(driver.read());
    }

    private SensorDriver digitalInput(String id, GatewayConfig.Sensor sensor) {
        DigitalInput input = create(id, () -> pi4j.create(DigitalInput.newConfigBuilder(pi4j).id(id).address(sensor.pin().orElseThrow())
                .pull(switch (sensor.pull()) {
                    case "up" -> PullResistance.PULL_UP;
                    case "down" -> PullResistance.PULL_DOWN;
                    default -> PullResistance.OFF;
                }).build()));
        if (input instanceof MockDigitalInput mock && sensor.signal().isPresent()) {
            simulatedInputs.put(mock, new String[] {sensor.room(), sensor.signal().get()});
        }
        Pi4jDigitalInput driver = new Pi4jDigitalInput(input, sensor.debounce());
        return sensor.inverted() ? () -> 1 - driver.read() : driver;
    }

    /** A channel of an I2C chip, shared with the other sensors on the same bus and address. */
    private SensorDriver chipChannel(GatewayConfig.Sensor sensor) {
        int address = DeclarationCheck.address(sensor.driver(), sensor.address().orElse(null));
        String key = sensor.bus() + "/" + address;
        SharedChip chip = chips.computeIfAbsent(key, k -> {
            I2C i2c = create("i2c-" + sensor.bus() + "-" + address, () -> pi4j.create(I2C.newConfigBuilder(pi4j)
                    .id("i2c-" + sensor.bus() + "-" + address).bus(sensor.bus()).device(address).build()));
            Pi4jI2cDevice device = new Pi4jI2cDevice(i2c);
            return new SharedChip(() -> switch (sensor.driver()) {
                case "bme280" -> new Bme280(device);
                case "sht31" -> new Sht31(device);
                default -> new Bh1750(device);
            }, TimeUnit.MILLISECONDS.toNanos(500));
        });
        Chip.Channel channel = Chip.Channel.valueOf(sensor.quantity().name());
        return () -> chip.read(channel);
    }

    private OutputDriver outputDriver(String id, GatewayConfig.Actuator actuator) {
        actuator.simulates().ifPresent(a -> simulatedOutputs.put(id, actuator));
        // Pi4J sets a pin to its initial state when the gateway takes it and to its shutdown state when the gateway
        // lets go (also when the JVM dies with a shutdown hook): both are the output's failsafe value, whatever it is.
        switch (actuator.driver()) {
            case "pwm" -> {
                double duty = Math.max(0, Math.min(100, actuator.failsafe() * 100.0));
                boolean linuxfs = "pi".equals(platform) && "linuxfs".equals(pwmProvider);
                boolean hardwarePwm = "pi".equals(platform) && DeclarationCheck.HARDWARE_PWM_PINS.contains(actuator.pin());
                // The kernel's PWM driver numbers channels, not pins.
                int address = linuxfs ? DeclarationCheck.pwmChannel(actuator) : actuator.pin();
                Pwm pwm = create(id, () -> pi4j.create(Pwm.newConfigBuilder(pi4j).id(id).address(address)
                        .pwmType(hardwarePwm ? PwmType.HARDWARE : PwmType.SOFTWARE).frequency(actuator.frequencyHz())
                        .initial(duty).shutdown(duty).build()));
                return new Pi4jPwm(pwm, actuator.frequencyHz());
            }
            case "digital-output" -> {
                return relay(id, actuator, actuator.failsafe() > (actuator.min() + actuator.max()) / 2);
            }
            case "time-proportioned" -> {
                // Pi4J's own state for the relay: on only for a failsafe that is "always on" in slow PWM.
                TimeProportionedOutput slow = new TimeProportionedOutput(id,
                        relay(id, actuator, TimeProportioning.on(actuator.failsafe(), 1)), actuator.cycle(), actuator.failsafe());
                closeables.add(slow);
                slow.write(actuator.failsafe());
                return slow;
            }
            default -> throw new IllegalStateException("actuator " + id + ": unknown driver '" + actuator.driver() + "'");
        }
    }

    private OutputDriver relay(String id, GatewayConfig.Actuator actuator, boolean safeHigh) {
        DigitalState safe = safeHigh ? DigitalState.HIGH : DigitalState.LOW;
        DigitalOutput out = create(id, () -> pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id(id).address(actuator.pin())
                .initial(safe).shutdown(safe).build()));
        return new Pi4jDigitalOutput(out);
    }

    /** Creates a Pi4J I/O, naming the entry when the platform refuses (no such chip, no permission). */
    private <T> T create(String id, java.util.function.Supplier<T> io) {
        try {
            return io.get();
        } catch (RuntimeException | LinkageError e) { // LinkageError: a provider's native library for another machine
            throw new IllegalStateException(id + ": the " + platform + " platform could not open it: " + e.getMessage()
                    + ("pi".equals(platform) ? " (is the device there, and may this user open /dev/gpiochip*, /dev/i2c-*"
                            + " and /sys/class/pwm?)" : ""), e);
        }
    }

    /** Moves the simulated house to {@code now} with the outputs as they stand, and sets the mock input pins. */
    public void syncSimulation(Instant now) {
        if (house == null) {
            return;
        }
        simulatedOutputs.forEach((id, a) -> house.set(a.room(), a.simulates().get(), outputs.get(id) == null ? 0 : outputs.get(id).current()));
        house.advance(now);
        simulatedInputs.forEach((pin, signal) -> pin.mockState(house.measure(signal[0], signal[1]) > 0.5 ? DigitalState.HIGH : DigitalState.LOW));
    }

    public SensorDriver sensor(String id) {
        return sensors.get(id);
    }

    public OutputDriver output(String id) {
        return outputs.get(id);
    }

    /** The simulated house, or null on a real platform. */
    public SimulatedHouse house() {
        return house;
    }

    /** Outputs to Pi4J's shutdown state (each one's failsafe value), the slow-PWM timers stopped. */
    @PreDestroy
    public void shutdown() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warnf("Could not stop %s: %s", c, e.getMessage());
            }
        }
        try {
            if (pi4j != null) {
                pi4j.shutdown();
            }
        } catch (RuntimeException e) {
            LOG.warnf("Pi4J did not shut down cleanly: %s", e.getMessage());
        }
    }
}
