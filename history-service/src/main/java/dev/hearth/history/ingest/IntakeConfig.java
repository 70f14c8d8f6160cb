package dev.hearth.history.ingest;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Where history-service's MQTT intake connects and how it keeps its session. */
@ConfigMapping(prefix = "hearth")
public interface IntakeConfig {

    String home();

    Mqtt mqtt();

    interface Mqtt {
        @WithDefault("localhost")
        String host();

        @WithDefault("1883")
        int port();

        Optional<String> username();

        Optional<String> password();

        /** Fixed, so that the broker keeps this service's session (and queues its messages) while it is down. */
        @WithName("client-id")
        Optional<String> clientId();

        /**
         * A share group ({@code HEARTH_MQTT_SHARE_GROUP}, e.g. {@code history}): replicas with the same group and
         * distinct client ids split the readings between them. Unset: this instance takes every reading.
         */
        @WithName("share-group")
        Optional<String> shareGroup();

        @WithDefault("2s")
        Duration reconnectDelay();

        /** How long to wait before trying a message again when the database refused it. */
        @WithDefault("1s")
        Duration retryDelay();
    }
}
