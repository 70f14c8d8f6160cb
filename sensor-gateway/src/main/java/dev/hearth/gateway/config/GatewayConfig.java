package dev.hearth.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.Quantity;
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

        /** {@code temperature}, {@code humidity}, {@code illuminance}, {@code light}, ... */
        Quantity quantity();

        String unit();

        Duration interval();

        /** {@code sim} (a signal of the simulated house) or {@code digital-input} (a GPIO pin through Pi4J). */
        String driver();

        /** For {@code sim}: which signal of the simulated house. */
        Optional<String> signal();

        /** For {@code digital-input}: the BCM pin number. */
        Optional<Integer> pin();
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

        /** {@code pwm} or {@code digital-output}, both through Pi4J. */
        String driver();

        int pin();

        @WithDefault("100")
        int frequencyHz();

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
    }
}
