package dev.hearth.edge.state;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;

/**
 * Feeds {@link RetainedState} from every topic of the home ({@code hearth/{home}/#}). Gateway status is plain text;
 * everything else must be a JSON object that passes {@link PayloadCheck}, or it is counted, logged and left out, and
 * the previous good value stays.
 */
@ApplicationScoped
public class StateIntake {

    private static final Logger LOG = Logger.getLogger(StateIntake.class);

    private final RetainedState state;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final String prefix;

    public StateIntake(RetainedState state, ObjectMapper json, MeterRegistry metrics, @ConfigProperty(name = "hearth.home") String home) {
        this.state = state;
        this.json = json;
        this.metrics = metrics;
        this.prefix = "hearth/" + home + "/";
    }

    @Incoming("home")
    public CompletionStage<Void> receive(Message<byte[]> message) {
        String topic = message.getMetadata(ReceivingMqttMessageMetadata.class).map(ReceivingMqttMessageMetadata::getTopic).orElse("");
        if (topic.startsWith(prefix) && !topic.endsWith("/set")) {
            String relative = topic.substring(prefix.length());
            byte[] payload = message.getPayload();
            if (payload == null || payload.length == 0) {
                state.put(relative, null, Instant.now());
            } else if (relative.startsWith("gateways/") && relative.endsWith("/status")) {
                state.put(relative, TextNode.valueOf(new String(payload, StandardCharsets.UTF_8)), Instant.now());
            } else {
                try {
                    JsonNode node = json.readTree(payload);
                    if (node == null || !node.isObject()) {
                        throw new IllegalArgumentException("not a JSON object");
                    }
                    String problem = PayloadCheck.problem(relative, node);
                    if (problem != null) {
                        throw new IllegalArgumentException(problem);
                    }
                    state.put(relative, node, Instant.now());
                } catch (Exception e) {
                    metrics.counter("hearth.edge.mqtt.rejected").increment();
                    LOG.warnf("Ignored a malformed payload on %s: %s", topic, e.getMessage());
                }
            }
        }
        return message.ack();
    }
}
