package dev.hearth.edge.command;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Command;
import dev.hearth.contract.topic.HomeTopics;
import dev.hearth.transport.MqttSession;

/** Publishes people's commands to {@code hearth/{home}/actuators/{id}/set} (QoS 1, never retained). */
@ApplicationScoped
public class CommandPublisher {

    private final MqttSession session;
    private final HomeTopics topics;

    public CommandPublisher(MqttSession session, @ConfigProperty(name = "hearth.home") String home) {
        this.session = session;
        this.topics = new HomeTopics(home);
    }

    /** Sends the command; completes when the broker has acknowledged it (PUBACK), fails when it cannot. */
    public CompletableFuture<Command> send(String actuator, double value, Long ttlMs, String user) {
        Command command = new Command(UUID.randomUUID().toString(), value, "user:" + user, Instant.now(), ttlMs);
        return session.publish(topics.command(actuator), ContractWriter.write(command), 1, false).thenApply(acked -> command);
    }
}
