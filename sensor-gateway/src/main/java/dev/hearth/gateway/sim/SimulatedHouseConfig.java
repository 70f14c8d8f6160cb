package dev.hearth.gateway.sim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Adds the simulated house's sensors and actuators ({@code simulated-house.properties}) to the configuration while
 * {@code hearth.hardware.platform} is {@code mock}, and nothing on a Pi: declared map entries cannot be taken away
 * by a later file, so a Pi's own declaration must not start from the house's. Below {@code application.properties}
 * (ordinal 250), so any of its entries, or a profile's, can still change the house.
 */
public final class SimulatedHouseConfig implements ConfigSourceFactory {

    static final String RESOURCE = "simulated-house.properties";
    static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue platform = context.getValue("hearth.hardware.platform");
        if (platform != null && platform.getValue() != null && !"mock".equals(platform.getValue())) {
            return List.of();
        }
        Properties house = new Properties();
        try (InputStream in = SimulatedHouseConfig.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the gateway's class path");
            }
            house.load(new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.of(new PropertiesConfigSource(house, "simulated house (" + RESOURCE + ")", ORDINAL));
    }
}
