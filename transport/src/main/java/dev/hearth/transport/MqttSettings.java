package dev.hearth.transport;

import java.time.Duration;
import java.util.Optional;

/**
 * How one service talks to the broker. {@code cleanSession} false keeps the broker's queue for this client id while
 * the service is away (history-service); {@code maxInProcessing} bounds the messages handed to handlers and not yet
 * done, beyond which socket reads pause; {@code maxInFlight} bounds QoS 1 publishes awaiting their PUBACK, and
 * {@code maxQueuedPublishes} those waiting for a free slot.
 */
public record MqttSettings(String host, int port, Optional<String> username, Optional<String> password, String home, String clientId,
        boolean cleanSession, Optional<Will> will, int maxInProcessing, int maxInFlight, int maxQueuedPublishes,
        Duration reconnectMin, Duration reconnectMax, int maxMessageBytes) {

    /** The message the broker publishes for this client when it vanishes without a word. */
    public record Will(String topic, String payload, int qos, boolean retain) {
    }

    /** Sensible defaults for a service on a Pi: a clean session, 256 messages in processing, 128 publishes in flight. */
    public static MqttSettings of(String host, int port, String home, String clientId) {
        return new MqttSettings(host, port, Optional.empty(), Optional.empty(), home, clientId, true, Optional.empty(), 256, 128, 10_000,
                Duration.ofMillis(500), Duration.ofSeconds(10), 1024 * 1024);
    }

    public MqttSettings withCredentials(Optional<String> username, Optional<String> password) {
        return new MqttSettings(host, port, username.filter(s -> !s.isBlank()), password.filter(s -> !s.isBlank()), home, clientId,
                cleanSession, will, maxInProcessing, maxInFlight, maxQueuedPublishes, reconnectMin, reconnectMax, maxMessageBytes);
    }

    /** A persistent session: the broker keeps this client's subscriptions and queues its messages while it is away. */
    public MqttSettings persistent() {
        return new MqttSettings(host, port, username, password, home, clientId, false, will, maxInProcessing, maxInFlight,
                maxQueuedPublishes, reconnectMin, reconnectMax, maxMessageBytes);
    }

    public MqttSettings withWill(Will will) {
        return new MqttSettings(host, port, username, password, home, clientId, cleanSession, Optional.of(will), maxInProcessing,
                maxInFlight, maxQueuedPublishes, reconnectMin, reconnectMax, maxMessageBytes);
    }

    public MqttSettings withMaxInProcessing(int max) {
        return new MqttSettings(host, port, username, password, home, clientId, cleanSession, will, max, maxInFlight, maxQueuedPublishes,
                reconnectMin, reconnectMax, maxMessageBytes);
    }

    public MqttSettings withReconnect(Duration min, Duration max) {
        return new MqttSettings(host, port, username, password, home, clientId, cleanSession, will, maxInProcessing, maxInFlight,
                maxQueuedPublishes, min, max, maxMessageBytes);
    }
}
