package dev.hearth.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.gateway.sim.SimulatedHouse;
import dev.hearth.gateway.spool.SpoolConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The gateway's hardware, declared in configuration rather than code: every sensor and actuator with its driver, pin,
 * range and failsafe value. See {@code application.properties} for the simulated house's declaration.
 */
@ConfigMapping(prefix = "hearth.gateway")
public interface GatewayConfig {

    /** The gateway id in topics: {@code hearth/{home}/gateways/{id}/...}. */
    String id();

    /** How long the broker may be unreachable before every actuator goes to its failsafe value. */
    @WithDefault("15s")
    Duration brokerGrace();

    /** How far a command's {@code ts} may be ahead of the gateway's clock; a command stamped further ahead is refused. */
    @WithDefault("30s")
    Duration commandClockSkew();

    /**
     * Whether to announce every sensor and actuator to Home Assistant (MQTT discovery, retained under
     * {@code homeassistant/}), so that it shows and switches them with no setup.
     */
    @WithDefault("true")
    boolean homeAssistantDiscovery();

    /** How many command ids to remember, so a command delivered twice is applied once. */
    @WithDefault("1024")
    int rememberedCommands();

    /** Where readings wait for the broker's acknowledgement: {@code hearth.gateway.spool.*}. */
    SpoolConfig spool();

    Map<String, Sensor> sensors();

    Map<String, Actuator> actuators();

    interface Sensor {
        String name();

        String room();

        /** {@code temperature}, {@code humidity}, {@code illuminance}, {@code light}, {@code pressure}, ... */
        Quantity quantity();

        String unit();

        Duration interval();

        /**
         * {@code sim} (a signal of the simulated house), {@code digital-input} (a GPIO pin), or an I2C chip:
         * {@code bme280} (temperature, humidity, pressure), {@code sht31} (temperature, humidity), {@code bh1750}
         * (illuminance). A chip's channel is the sensor's quantity; sensors on the same chip share its measurement.
         */
        String driver();

        /** For {@code sim}: which signal of the room in the simulated house. */
        Optional<String> signal();

        /** For {@code digital-input}: the BCM pin number. */
        Optional<Integer> pin();

        /** For {@code digital-input}: how long a new level must hold before it counts (contacts bounce). */
        @WithDefault("50ms")
        Duration debounce();

        /** For {@code digital-input}: true for an active-low module (most light/dark modules pull low in light). */
        @WithDefault("false")
        boolean inverted();

        /** For {@code digital-input}: the pin's pull resistor, {@code up}, {@code down} or {@code off}. */
        @WithDefault("off")
        String pull();

        /** For I2C chips: the bus ({@code /dev/i2c-1} is bus 1). */
        @WithDefault("1")
        int bus();

        /** For I2C chips: the address, e.g. {@code 0x76}; by default the chip's usual one. */
        Optional<String> address();

        /**
         * What the sensor can truly measure; a value outside is a fault (a disconnected or broken sensor), counted and
         * not published. By default the chip's datasheet range, none for {@code sim}.
         */
        Optional<Double> min();

        Optional<Double> max();
    }

    interface Actuator {
        String name();

        String room();

        /** {@code pwm} or {@code relay}. */
        ActuatorKind kind();

        @WithDefault("0")
        double min();

        @WithDefault("1")
        double max();

        @WithDefault("ratio")
        String unit();

        /** The value the output takes when nothing safe is known: at start, on expiry, on broker loss, at shutdown. */
        double failsafe();

        /**
         * {@code pwm} (hardware PWM, or pigpio's), {@code digital-output} (a relay), or {@code time-proportioned} (a
         * relay switched on for a share of each {@code cycle}: a heater's slow PWM).
         */
        String driver();

        int pin();

        @WithDefault("100")
        int frequencyHz();

        /**
         * For {@code pwm} with {@code hearth.hardware.pwm=linuxfs}: the kernel's PWM channel. By default the one a
         * Pi 1 to 4 gives the pin (12 and 18: 0; 13 and 19: 1); a Pi 5 numbers them 12: 0, 13: 1, 18: 2, 19: 3.
         */
        Optional<Integer> pwmChannel();

        /** For {@code time-proportioned}: one on/off period. Minutes suit a heater; relays wear with every switch. */
        @WithDefault("60s")
        Duration cycle();

        /**
         * The longest any command holds this output, whatever its {@code ttlMs} says (and the lifetime of a command
         * without one): a heater's should be minutes. By default a day, so that nothing holds an output for ever.
         */
        @WithDefault("24h")
        Duration maxCommandLifetime();

        /** A relay: not switched off again sooner than this after it switched on (a boiler, a compressor). */
        Optional<Duration> minOn();

        /** A relay: not switched on again sooner than this after it switched off. Failsafe is never delayed. */
        Optional<Duration> minOff();

        /** On the mock platform: what the output does to its room in the simulated house. */
        Optional<SimulatedHouse.Appliance> simulates();
    }
}
