package dev.hearth.edge.command;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Command;
import dev.hearth.contract.topic.HomeTopics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.mqtt.SendingMqttMessageMetadata;

/** Publishes people's commands to {@code hearth/{home}/actuators/{id}/set} (QoS 1, never retained). */
@ApplicationScoped
public class CommandPublisher {

    @Inject
    @Channel("edge-out")
    Emitter<String> out;

    private final HomeTopics topics;

    public CommandPublisher(@ConfigProperty(name = "hearth.home") String home) {
        this.topics = new HomeTopics(home);
    }

    /** Sends the command and completes when the broker has acknowledged it. */
    public CompletableFuture<Command> send(String actuator, double value, Long ttlMs, String user) {
        Command command = new Command(UUID.randomUUID().toString(), value, "user:" + user, Instant.now(), ttlMs);
        CompletableFuture<Command> acked = new CompletableFuture<>();
        out.send(Message.of(ContractWriter.write(command))
                .addMetadata(new SendingMqttMessageMetadata(topics.command(actuator), MqttQoS.AT_LEAST_ONCE, false))
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
