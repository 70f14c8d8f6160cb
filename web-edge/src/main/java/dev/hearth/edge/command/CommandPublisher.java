package dev.hearth.edge.command;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.mqtt.SendingMqttMessageMetadata;

/** Publishes people's commands to {@code hearth/{home}/actuators/{id}/set} (QoS 1, never retained). */
@ApplicationScoped
public class CommandPublisher {

    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The contract's Command payload. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Command(String id, double value, String source, String ts, Long ttlMs) {
    }

    @Inject
    @Channel("edge-out")
    Emitter<String> out;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "hearth.home")
    String home;

    /** Sends the command and completes when the broker has acknowledged it. */
    public CompletableFuture<Command> send(String actuator, double value, Long ttlMs, String user) {
        Command command = new Command(UUID.randomUUID().toString(), value, "user:" + user,
                TS.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)), ttlMs);
        CompletableFuture<Command> acked = new CompletableFuture<>();
        String payload;
        try {
            payload = json.writeValueAsString(command);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.send(Message.of(payload)
                .addMetadata(new SendingMqttMessageMetadata("hearth/" + home + "/actuators/" + actuator + "/set", MqttQoS.AT_LEAST_ONCE, false))
                .withAck(() -> {
                    acked.complete(command);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    acked.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acked;
    }
}
