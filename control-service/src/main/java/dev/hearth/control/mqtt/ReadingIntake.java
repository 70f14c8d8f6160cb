package dev.hearth.control.mqtt;

import java.time.Instant;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.control.loop.LoopRunner;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;

/**
 * Readings from {@code hearth/{home}/sensors/+}, handed to the loops that watch that sensor. A malformed reading is
 * counted and logged; it never reaches a controller and never stops the intake.
 */
@ApplicationScoped
public class ReadingIntake {

    private static final Logger LOG = Logger.getLogger(ReadingIntake.class);

    private final ControlTopics topics;
    private final LoopRunner loops;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public ReadingIntake(ControlTopics topics, LoopRunner loops, ObjectMapper json, MeterRegistry metrics) {
        this.topics = topics;
        this.loops = loops;
        this.json = json;
        this.metrics = metrics;
    }

    @Incoming("readings")
    public CompletionStage<Void> receive(Message<byte[]> message) {
        String topic = message.getMetadata(ReceivingMqttMessageMetadata.class).map(ReceivingMqttMessageMetadata::getTopic).orElse(null);
        String sensor = topics.sensorOfReading(topic);
        if (sensor != null && loops.watches(sensor)) {
            String problem = null;
            try {
                JsonNode node = json.readTree(message.getPayload());
                JsonNode value = node == null ? null : node.get("value");
                if (node == null || !node.isObject()) {
                    problem = "not a JSON object";
                } else if (!sensor.equals(node.path("sensor").asText(null))) {
                    problem = "'sensor' does not match the topic";
                } else if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
                    problem = "'value' must be a finite number";
                } else {
                    loops.reading(sensor, value.asDouble(), Instant.now());
                }
            } catch (Exception e) {
                problem = "not JSON";
            }
            if (problem != null) {
                metrics.counter("hearth.control.readings.rejected").increment();
                LOG.warnf("Rejected a reading on %s: %s", topic, problem);
            }
        }
        return message.ack();
    }
}
