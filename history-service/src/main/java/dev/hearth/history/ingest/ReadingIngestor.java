package dev.hearth.history.ingest;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.contract.Parsed;
import dev.hearth.contract.Reason;
import dev.hearth.contract.topic.Topic;
import dev.hearth.history.store.SeriesPointRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Turns one MQTT message into at most one stored row. A payload the contract refuses is counted
 * ({@code hearth_mqtt_rejected_total} by kind and reason), logged and answered {@link Outcome#REJECTED}, so it is
 * acknowledged and never retried; only a database failure fails the {@link Uni}, so that the message is not
 * acknowledged and is tried again. (The contract's time window keeps impossible times, which PostgreSQL would refuse
 * for ever, out of the retry path.)
 */
@ApplicationScoped
public class ReadingIngestor {

    private static final Logger LOG = Logger.getLogger(ReadingIngestor.class);

    /** What became of a message. */
    public enum Outcome {
        STORED, DUPLICATE, REJECTED
    }

    private final SeriesPointRepository points;
    private final HistoryTopics topics;
    private final MeterRegistry metrics;

    public ReadingIngestor(SeriesPointRepository points, MeterRegistry metrics, IntakeConfig config) {
        this.points = points;
        this.topics = new HistoryTopics(config.home());
        this.metrics = metrics;
    }

    /** Must run on a Vert.x duplicated context (Hibernate Reactive keeps its session there). */
    public Uni<Outcome> ingest(String topic, byte[] payload) {
        Optional<Topic> parsedTopic = topics.parse(topic);
        if (parsedTopic.isEmpty()) {
            return reject("unknown", topic, Reason.UNKNOWN_TOPIC.code(), "not a reading or state topic of this home");
        }
        Parsed<Point> parsed = Point.read(parsedTopic.get(), payload);
        if (!parsed.isOk()) {
            return reject(parsedTopic.get().kind().code(), topic, parsed.rejection().reason().code(), parsed.rejection().message());
        }
        Point point = parsed.value();
        return Panache.withTransaction(() -> points.insertIfAbsent(point.series(), point.ts(), point.value(), point.seq()))
                .map(stored -> stored ? Outcome.STORED : Outcome.DUPLICATE)
                .invoke(outcome -> metrics.counter("hearth.history.ingest." + (outcome == Outcome.STORED ? "stored" : "duplicates")).increment())
                .onFailure().invoke(e -> metrics.counter("hearth.history.ingest.failures").increment());
    }

    private Uni<Outcome> reject(String kind, String topic, String reason, String message) {
        metrics.counter("hearth.mqtt.rejected", "kind", kind, "reason", reason).increment();
        LOG.warnf("Rejected a message on %s: %s", topic, message);
        return Uni.createFrom().item(Outcome.REJECTED);
    }
}
