package dev.hearth.gateway.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hearth.gateway.config.GatewayConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The pins start at each output's failsafe value, not at Pi4J's LOW and 0, whatever that value is. */
class HardwareFailsafeTest {

    @Test
    void everyOutputStartsAtItsFailsafeValue() {
        Map<String, String> p = Map.ofEntries(
                Map.entry("hearth.gateway.id", "t"),
                Map.entry("hearth.gateway.actuators.vent.name", "Vent"), Map.entry("hearth.gateway.actuators.vent.room", "r"),
                Map.entry("hearth.gateway.actuators.vent.kind", "relay"), Map.entry("hearth.gateway.actuators.vent.failsafe", "1"),
                Map.entry("hearth.gateway.actuators.vent.driver", "digital-output"), Map.entry("hearth.gateway.actuators.vent.pin", "5"),
                Map.entry("hearth.gateway.actuators.fan.name", "Fan"), Map.entry("hearth.gateway.actuators.fan.room", "r"),
                Map.entry("hearth.gateway.actuators.fan.kind", "pwm"), Map.entry("hearth.gateway.actuators.fan.failsafe", "0.4"),
                Map.entry("hearth.gateway.actuators.fan.driver", "pwm"), Map.entry("hearth.gateway.actuators.fan.pin", "18"),
                Map.entry("hearth.hardware.simulation.heater", "fan"));
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(GatewayConfig.class).withMapping(HardwareConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withSources(new PropertiesConfigSource(p, "test", 100)).build();
        Hardware hardware = new Hardware(config.getConfigMapping(GatewayConfig.class), config.getConfigMapping(HardwareConfig.class));
        try {
            assertThat(hardware.output("vent").current()).isEqualTo(1.0);
            assertThat(hardware.output("fan").current()).isEqualTo(0.4, org.assertj.core.api.Assertions.within(1e-6));
        } finally {
            hardware.shutdown();
        }
    }
}
