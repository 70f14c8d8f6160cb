package dev.hearth.gateway.hardware;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.pwm.Pwm;
import com.pi4j.io.pwm.PwmType;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;

import dev.hearth.gateway.config.GatewayConfig;
import dev.hearth.gateway.sim.SimulatedHouse;
import dev.hearth.gateway.sim.SimulatedSignalDriver;

/**
 * Builds a driver for every declared sensor and actuator on top of one Pi4J context. On the {@code mock} platform it
 * also owns the simulated house and keeps the mock pins in step with it, so that the same Pi4J drivers run on a
 * laptop and on a Pi.
 */
@ApplicationScoped
public class Hardware {

    private static final Logger LOG = Logger.getLogger(Hardware.class);

    private final Context pi4j;
    private final SimulatedHouse house;
    private final String simulatedHeater;
    private final Map<String, SensorDriver> sensors = new HashMap<>();
    private final Map<String, OutputDriver> outputs = new HashMap<>();
    /** Mock input pins and the house signal each one follows. */
    private final Map<MockDigitalInput, String> simulatedInputs = new HashMap<>();

    public Hardware(GatewayConfig gateway, HardwareConfig config) {
        if (!"mock".equals(config.platform())) {
            throw new IllegalStateException("hearth.hardware.platform=" + config.platform()
                    + " is not supported yet; only 'mock' (the simulated house) is");
        }
        this.pi4j = Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(), MockPwmProvider.newInstance())
                .build();
        this.house = new SimulatedHouse(config.simulation().seed(), config.simulation().startCelsius(), Instant.now());
        this.simulatedHeater = config.simulation().heater();
        gateway.sensors().forEach((id, sensor) -> sensors.put(id, sensorDriver(id, sensor)));
        gateway.actuators().forEach((id, actuator) -> outputs.put(id, outputDriver(id, actuator)));
        syncSimulation(Instant.now());
    }

    private SensorDriver sensorDriver(String id, GatewayConfig.Sensor sensor) {
        switch (sensor.driver()) {
            case "sim":
                return new SimulatedSignalDriver(house, sensor.signal().orElseThrow(() -> missing(id, "signal")));
            case "digital-input":
                int pin = sensor.pin().orElseThrow(() -> missing(id, "pin"));
                DigitalInput input = pi4j.create(DigitalInput.newConfigBuilder(pi4j).id(id).address(pin).build());
                sensor.signal().ifPresent(signal -> simulatedInputs.put((MockDigitalInput) input, signal));
                return new Pi4jDigitalInputDriver(input);
            default:
                throw new IllegalStateException("sensor " + id + ": unknown driver '" + sensor.driver() + "'");
        }
    }

    private OutputDriver outputDriver(String id, GatewayConfig.Actuator actuator) {
        switch (actuator.driver()) {
            // Pi4J sets a pin to its initial state when the gateway takes it and to its shutdown state when the gateway
            // lets go (also when the JVM dies with a shutdown hook): both are the output's failsafe value, whatever it is.
            case "pwm":
                double duty = Math.max(0, Math.min(100, actuator.failsafe() * 100.0));
                Pwm pwm = pi4j.create(Pwm.newConfigBuilder(pi4j).id(id).address(actuator.pin())
                        .pwmType(PwmType.SOFTWARE).frequency(actuator.frequencyHz()).initial(duty).shutdown(duty).build());
                return new Pi4jPwmDriver(pwm, actuator.frequencyHz());
            case "digital-output":
                DigitalState safe = actuator.failsafe() > (actuator.min() + actuator.max()) / 2 ? DigitalState.HIGH : DigitalState.LOW;
                DigitalOutput out = pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id(id).address(actuator.pin())
                        .initial(safe).shutdown(safe).build());
                return new Pi4jDigitalOutputDriver(out);
            default:
                throw new IllegalStateException("actuator " + id + ": unknown driver '" + actuator.driver() + "'");
        }
    }

    private static IllegalStateException missing(String id, String what) {
        return new IllegalStateException("sensor " + id + " needs a " + what);
    }

    /** Moves the simulated house to {@code now} with the heater as the outputs stand, and sets the mock input pins. */
    public void syncSimulation(Instant now) {
        OutputDriver heater = outputs.get(simulatedHeater);
        house.advance(now, heater == null ? 0 : heater.current());
        simulatedInputs.forEach((pin, signal) -> pin.mockState(house.measure(signal) > 0.5 ? DigitalState.HIGH : DigitalState.LOW));
    }

    public SensorDriver sensor(String id) {
        return sensors.get(id);
    }

    public OutputDriver output(String id) {
        return outputs.get(id);
    }

    public SimulatedHouse house() {
        return house;
    }

    @PreDestroy
    void shutdown() {
        try {
            pi4j.shutdown();
        } catch (RuntimeException e) {
            LOG.warnf("Pi4J did not shut down cleanly: %s", e.getMessage());
        }
    }
}
