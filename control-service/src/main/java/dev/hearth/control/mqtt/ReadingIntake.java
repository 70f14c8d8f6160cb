package dev.hearth.control.mqtt;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.hearth.contract.Parsed;
import dev.hearth.contract.Rejection;
import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.payload.Reading;
import dev.hearth.contract.topic.Topic;
import dev.hearth.control.loop.LoopRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;

/**
 * Readings from {@code hearth/{home}/sensors/+}, read by the contract's strict reader and handed to the loops that
 * watch that sensor. A malformed reading is counted ({@code hearth_mqtt_rejected_total} by reason) and logged; it
 * never reaches a controller and never stops the intake.
 */
@ApplicationScoped
public class ReadingIntake {

    private static final Logger LOG = Logger.getLogger(ReadingIntake.class);

    private final ControlTopics topics;
    private final LoopRunner loops;
    private final MeterRegistry metrics;

    public ReadingIntake(ControlTopics topics, LoopRunner loops, MeterRegistry metrics) {
        this.topics = topics;
        this.loops = loops;
        this.metrics = metrics;
    }

    @Incoming("readings")
    public CompletionStage<Void> receive(Message<byte[]> message) {
        String topic = message.getMetadata(ReceivingMqttMessageMetadata.class).map(ReceivingMqttMessageMetadata::getTopic).orElse(null);
        Optional<Topic> reading = topics.reading(topic);
        // Every reading is checked, watched or not: a sensor that sends garbage shows in the metrics before a loop needs it.
        if (reading.isPresent()) {
            Parsed<?> parsed = ContractReader.read(reading.get(), message.getPayload());
            if (!parsed.isOk()) {
                reject(topic, parsed.rejection());
            } else if (loops.watches(reading.get().id())) {
                loops.reading(reading.get().id(), ((Reading) parsed.value()).value(), Instant.now());
            }
        }
        return message.ack();
    }

    private void reject(String topic, Rejection rejection) {
        metrics.counter("hearth.mqtt.rejected", "kind", "reading", "reason", rejection.reason().code()).increment();
        LOG.warnf("Rejected a reading on %s: %s", topic, rejection.message());
    }
}
