package dev.hearth.control.mqtt;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.control.loop.ControlLoop;
import dev.hearth.control.loop.LoopDefinition;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.mqtt.SendingMqttMessageMetadata;

/** Publishes commands (QoS 1), loop configurations (QoS 1, retained) and loop status (QoS 0). */
@ApplicationScoped
public class LoopPublisher {

    private static final Logger LOG = Logger.getLogger(LoopPublisher.class);

    /** The contract's Command payload. */
    public record Command(String id, double value, String source, String ts, long ttlMs) {
    }

    /** The contract's LoopStatus payload. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LoopStatus(String loop, String ts, Double pv, double sp, Double out, double p, double i, double d,
            String mode, String state) {
    }

    @Inject
    @Channel("control-out")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
    Emitter<String> out;

    @Inject
    ControlTopics topics;

    @Inject
    ObjectMapper json;

    public Command command(String loop, String actuator, double value, long ttlMs, Instant now) {
        Command command = new Command(UUID.randomUUID().toString(), value, "loop:" + loop, Timestamps.format(now), ttlMs);
        send(topics.command(actuator), toJson(command), MqttQoS.AT_LEAST_ONCE, false);
        return command;
    }

    public void config(LoopDefinition definition) {
        send(topics.loopConfig(definition.loop()), toJson(definition), MqttQoS.AT_LEAST_ONCE, true);
    }

    public void status(String loop, ControlLoop.Tick tick, Instant now) {
        LoopStatus status = new LoopStatus(loop, Timestamps.format(now), tick.pv(), tick.sp(), round(tick.out()), round(tick.p()),
                round(tick.i()), round(tick.d()), tick.mode(), tick.state());
        send(topics.loopStatus(loop), toJson(status), MqttQoS.AT_MOST_ONCE, false);
    }

    /** Six decimals: enough for any actuator, and no floating-point noise like 1.5959999999999994 on the dashboard. */
    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 1e6) / 1e6;
    }

    private void send(String topic, String payload, MqttQoS qos, boolean retain) {
        Message<String> message = Message.of(payload).addMetadata(new SendingMqttMessageMetadata(topic, qos, retain))
                .withNack(failure -> {
                    LOG.debugf("Not delivered to %s: %s", topic, failure.toString());
                    return CompletableFuture.completedFuture(null);
                });
        try {
            out.send(message);
        } catch (RuntimeException e) {
            // Buffer full while the broker is away: a lost command is safe (the gateway's TTL fails the output safe).
            LOG.debugf("Dropped a message to %s: %s", topic, e.toString());
        }
    }

    private String toJson(Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + payload, e);
        }
    }
}
