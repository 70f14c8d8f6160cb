package dev.hearth.history.ingest;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.contract.Parsed;
import dev.hearth.contract.Reason;
import dev.hearth.contract.topic.Topic;
import dev.hearth.history.store.RetentionConfig;
import dev.hearth.transport.RejectedMessages;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Turns one MQTT message into the point to store, or refuses it. A payload the contract refuses is counted
 * and logged ({@link RejectedMessages}) and left out, so it is acknowledged and never
 * retried. (The contract's time window keeps impossible times, which PostgreSQL would refuse for ever, out of the
 * write path: only a database failure is retried.) A reading older than the raw tier keeps its data is refused too
 * ({@code reason="older-than-retention"}).
 */
@ApplicationScoped
public class ReadingIngestor {

    private final HistoryTopics topics;
    private final RejectedMessages rejected;
    private final java.time.Duration rawRetention;

    public ReadingIngestor(MeterRegistry metrics, IntakeConfig config, RetentionConfig retention) {
        this.topics = new HistoryTopics(config.home());
        this.rejected = new RejectedMessages(metrics, ReadingIngestor.class);
        this.rawRetention = retention.raw();
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
        // Raw readings that old are gone, so the buckets such a reading falls in could not be computed again with it:
        // storing it would replace a whole kept bucket by this one reading.
        Instant horizon = Instant.now().minus(rawRetention);
        if (parsed.value().ts().isBefore(horizon)) {
            return reject(parsedTopic.get().kind().code(), topic, "older-than-retention", "'ts' " + parsed.value().ts()
                    + " is older than the " + rawRetention + " that raw readings are kept (hearth.history.retention.raw)");
        }
        return Optional.of(parsed.value());
    }

    private Optional<Point> reject(String kind, String topic, String reason, String message) {
        rejected.reject(kind, topic, reason, message);
        return Optional.empty();
    }
}
