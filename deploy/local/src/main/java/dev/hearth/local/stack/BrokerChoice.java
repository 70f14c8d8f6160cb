package dev.hearth.local.stack;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which broker the single box starts (HEARTH_BROKER): {@code auto} takes an installed mosquitto (small, and built for
 * every Raspberry Pi), else the embedded one where its storage runs; {@code mosquitto} and {@code embedded} insist.
 */
public enum BrokerChoice {
    EMBEDDED, MOSQUITTO;

    /**
     * @param embeddedHasData the data directory holds the embedded broker's store and no mosquitto one yet: an older
     *                        Hearth's, with history-service's queued readings and the retained state in it
     */
    public static BrokerChoice choose(String requested, Platform platform, Optional<Path> mosquitto, boolean embeddedHasData) {
        String install = "install mosquitto (sudo apt install mosquitto; Hearth runs its own instance of it) or set"
                + " HEARTH_MQTT_URL to a broker you run";
        return switch (requested == null || requested.isBlank() ? "auto" : requested.trim()) {
            case "auto" -> {
                if (embeddedHasData && platform.embeddedBrokerRuns()) {
                    yield EMBEDDED; // never strand what it holds; HEARTH_BROKER=mosquitto moves on, on purpose
                }
                if (mosquitto.isPresent()) {
                    yield MOSQUITTO;
                }
                if (!platform.embeddedBrokerRuns()) {
                    throw new StackException("The embedded MQTT broker cannot run on " + platform.describe()
                            + " (its storage, RocksDB, has no native library for it): " + install + ".");
                }
                yield EMBEDDED;
            }
            case "embedded" -> {
                if (!platform.embeddedBrokerRuns()) {
                    throw new StackException("HEARTH_BROKER=embedded, but the embedded MQTT broker cannot run on "
                            + platform.describe() + " (no RocksDB native library for it): " + install + ".");
                }
                yield EMBEDDED;
            }
            case "mosquitto" -> {
                if (mosquitto.isEmpty()) {
                    throw new StackException("HEARTH_BROKER=mosquitto, but mosquitto is not installed: sudo apt install mosquitto.");
                }
                yield MOSQUITTO;
            }
            default -> throw new StackException("HEARTH_BROKER must be auto, mosquitto or embedded (got " + requested + ")");
        };
    }
}
