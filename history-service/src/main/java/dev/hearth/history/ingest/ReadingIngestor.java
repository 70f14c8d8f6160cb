package dev.hearth.history.ingest;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.contract.Parsed;
import dev.hearth.contract.Reason;
import dev.hearth.contract.topic.Topic;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Turns one MQTT message into the point to store, or refuses it. A payload the contract refuses is counted
 * ({@code hearth_mqtt_rejected_total} by kind and reason), logged and left out, so it is acknowledged and never
 * retried. (The contract's time window keeps impossible times, which PostgreSQL would refuse for ever, out of the
 * write path: only a database failure is retried.)
 */
@ApplicationScoped
public class ReadingIngestor {

    private static final Logger LOG = Logger.getLogger(ReadingIngestor.class);

    private final HistoryTopics topics;
    private final MeterRegistry metrics;

    public ReadingIngestor(MeterRegistry metrics, IntakeConfig config) {
        this.topics = new HistoryTopics(config.home());
        this.metrics = metrics;
    }

    /** The point a message carries, or empty when the contract refuses it (counted and logged). */
    public Optional<Point> read(String topic, byte[] payload) {
        Optional<Topic> parsedTopic = topics.parse(topic);
        if (parsedTopic.isEmpty()) {
            return reject("unknown", topic, Reason.UNKNOWN_TOPIC.code(), "not a reading or state topic of this home");
        }
        Parsed<Point> parsed = Point.read(parsedTopic.get(), payload);
        if (!parsed.isOk()) {
            return reject(parsedTopic.get().kind().code(), topic, parsed.rejection().reason().code(), parsed.rejection().message());
        }
        return Optional.of(parsed.value());
    }

    private Optional<Point> reject(String kind, String topic, String reason, String message) {
        metrics.counter("hearth.mqtt.rejected", "kind", kind, "reason", reason).increment();
        LOG.warnf("Rejected a message on %s: %s", topic, message);
        return Optional.empty();
    }
}
