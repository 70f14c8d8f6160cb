package dev.hearth.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A sensor-gateway declaration of simulated temperature sensors ({@code name-00}, {@code name-01} …), written as the
 * properties file a gateway takes through {@code QUARKUS_CONFIG_LOCATIONS} instead of the default house: a load
 * publisher that is a real gateway, spool and all (the chaos test, the gateway benchmark).
 */
public final class SimulatedSensors {

    private SimulatedSensors() {
    }

    /** Writes {@code count} sensors named {@code name-NN}, each read every {@code interval} (e.g. {@code 100ms}), to {@code file}. */
    public static Path write(Path file, String name, int count, String interval) {
        StringBuilder config = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String p = String.format(Locale.ROOT, "hearth.gateway.sensors.%s-%02d.", name, i);
            config.append(p).append("name=").append(name).append(' ').append(i).append('\n').append(p).append("room=living\n")
                    .append(p).append("quantity=temperature\n").append(p).append("unit=C\n")
                    .append(p).append("interval=").append(interval).append('\n').append(p).append("driver=sim\n")
                    .append(p).append("signal=temperature\n");
        }
        try {
            return Files.writeString(file, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
