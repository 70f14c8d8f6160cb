package dev.hearth.gateway.hardware;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.hearth.gateway.config.Declaration;
import dev.hearth.gateway.config.GatewayConfig;
import dev.hearth.gateway.sim.SimulatedHouseDeclaration;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/** A gateway's configuration from properties, mapped as Quarkus maps it, for tests without Quarkus. */
public final class Declarations {

    private final Map<String, String> properties = new HashMap<>();
    private SmallRyeConfig config;

    public static Declarations gateway(String id) {
        return new Declarations().with("hearth.gateway.id", id);
    }

    public Declarations with(String key, String value) {
        properties.put(key, value);
        return this;
    }

    /** {@code sensor("t", "bme280", "temperature", "address", "0x77")}: a sensor with its name, room, unit and interval filled in. */
    public Declarations sensor(String id, String driver, String quantity, String... more) {
        String p = "hearth.gateway.sensors." + id + ".";
        with(p + "name", id).with(p + "room", "r").with(p + "quantity", quantity).with(p + "unit", "u").with(p + "interval", "1s")
                .with(p + "driver", driver);
        for (int i = 0; i + 1 < more.length; i += 2) {
            with(p + more[i], more[i + 1]);
        }
        return this;
    }

    public Declarations actuator(String id, String kind, String driver, int pin, double failsafe, String... more) {
        String p = "hearth.gateway.actuators." + id + ".";
        with(p + "name", id).with(p + "room", "r").with(p + "kind", kind).with(p + "driver", driver)
                .with(p + "pin", Integer.toString(pin)).with(p + "failsafe", Double.toString(failsafe));
        for (int i = 0; i + 1 < more.length; i += 2) {
            with(p + more[i], more[i + 1]);
        }
        return this;
    }

    private SmallRyeConfig config() {
        if (config == null) {
            config = new SmallRyeConfigBuilder().withMapping(GatewayConfig.class).withMapping(HardwareConfig.class)
                    .withMapping(SimulatedHouseDeclaration.class)
                    .withConverter(Duration.class, 100, new DurationConverter())
                    .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                    .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        }
        return config;
    }

    public GatewayConfig gateway() {
        return config().getConfigMapping(GatewayConfig.class);
    }

    /** What the gateway drives: these declarations, or the simulated house's on the mock platform when there are none. */
    public Declaration declaration() {
        return new Declaration(gateway(), hardware(), config().getConfigMapping(SimulatedHouseDeclaration.class));
    }

    public HardwareConfig hardware() {
        return config().getConfigMapping(HardwareConfig.class);
    }
}
