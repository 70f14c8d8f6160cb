package dev.hearth.history.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.history.store.SeriesPointRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Turns one MQTT message into at most one stored row. A malformed payload is counted, logged and answered
 * {@link Outcome#REJECTED}; a database failure fails the {@link Uni}, so that the message is not acknowledged and is
 * tried again.
 */
@ApplicationScoped
public class ReadingIngestor {

    private static final Logger LOG = Logger.getLogger(ReadingIngestor.class);

    /** What became of a message. */
    public enum Outcome {
        STORED, DUPLICATE, REJECTED
    }

    private final SeriesPointRepository points;
    private final PointParser parser;
    private final HistoryTopics topics;
    private final MeterRegistry metrics;

    public ReadingIngestor(SeriesPointRepository points, ObjectMapper json, MeterRegistry metrics, IntakeConfig config) {
        this.points = points;
        this.parser = new PointParser(json);
        this.topics = new HistoryTopics(config.home());
        this.metrics = metrics;
    }

    /** Must run on a Vert.x duplicated context (Hibernate Reactive keeps its session there). */
    public Uni<Outcome> ingest(String topic, byte[] payload) {
        PointParser.Point point;
        try {
            String series = topics.seriesOf(topic);
            if (series == null) {
                throw new PointParser.InvalidPoint("not a reading or state topic of this home");
            }
            point = parser.parse(series, payload);
        } catch (PointParser.InvalidPoint e) {
            metrics.counter("hearth.history.ingest.rejected").increment();
            LOG.warnf("Rejected a message on %s: %s", topic, e.getMessage());
            return Uni.createFrom().item(Outcome.REJECTED);
        }
        return Panache.withTransaction(() -> points.insertIfAbsent(point.series(), point.ts(), point.value(), point.seq()))
                .map(stored -> stored ? Outcome.STORED : Outcome.DUPLICATE)
                .invoke(outcome -> metrics.counter("hearth.history.ingest." + (outcome == Outcome.STORED ? "stored" : "duplicates")).increment())
                .onFailure().invoke(e -> metrics.counter("hearth.history.ingest.failures").increment());
    }
}
