package dev.hearth.history.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.history.store.SeriesPointRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;

/**
 * Stores every Reading and ActuatorState it receives, one transaction per message, in arrival order. A malformed
 * payload is counted and logged, and the intake goes on; a database failure fails the message (the connector then
 * logs it) rather than pretending it was stored.
 */
@ApplicationScoped
public class ReadingIngestor {

    private static final Logger LOG = Logger.getLogger(ReadingIngestor.class);

    private final SeriesPointRepository points;
    private final PointParser parser;
    private final HistoryTopics topics;
    private final MeterRegistry metrics;

    public ReadingIngestor(SeriesPointRepository points, ObjectMapper json, MeterRegistry metrics,
            @ConfigProperty(name = "hearth.home") String home) {
        this.points = points;
        this.parser = new PointParser(json);
        this.topics = new HistoryTopics(home);
        this.metrics = metrics;
    }

    @Incoming("readings")
    public Uni<Void> reading(Message<byte[]> message) {
        return ingest(message);
    }

    @Incoming("actuator-states")
    public Uni<Void> actuatorState(Message<byte[]> message) {
        return ingest(message);
    }

    private Uni<Void> ingest(Message<byte[]> message) {
        String topic = message.getMetadata(ReceivingMqttMessageMetadata.class).map(ReceivingMqttMessageMetadata::getTopic).orElse(null);
        String series = topics.seriesOf(topic);
        PointParser.Point point;
        try {
            if (series == null) {
                throw new PointParser.InvalidPoint("not a reading or state topic of this home");
            }
            point = parser.parse(series, message.getPayload());
        } catch (PointParser.InvalidPoint e) {
            metrics.counter("hearth.history.ingest.rejected").increment();
            LOG.warnf("Rejected a message on %s: %s", topic, e.getMessage());
            return Uni.createFrom().completionStage(message.ack());
        }
        return Panache.withTransaction(() -> points.insertIfAbsent(point.series(), point.ts(), point.value(), point.seq()))
                .invoke(stored -> metrics.counter("hearth.history.ingest." + (stored ? "stored" : "duplicates")).increment())
                .onFailure().invoke(e -> {
                    metrics.counter("hearth.history.ingest.failures").increment();
                    LOG.errorf("Could not store %s at %s: %s", point.series(), point.ts(), e.getMessage());
                })
                .onItemOrFailure().transformToUni((ok, failure) -> failure == null
                        ? Uni.createFrom().completionStage(message.ack())
                        : Uni.createFrom().completionStage(message.nack(failure)));
    }
}
