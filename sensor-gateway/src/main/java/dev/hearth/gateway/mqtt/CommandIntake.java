package dev.hearth.gateway.mqtt;

import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.gateway.safety.ActuatorService;
import dev.hearth.gateway.safety.Command;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;

/**
 * Receives Commands on {@code hearth/{home}/actuators/+/set}. A bad command is counted, logged and dropped; it never
 * stops the intake of the good ones.
 */
@ApplicationScoped
public class CommandIntake {

    private static final Logger LOG = Logger.getLogger(CommandIntake.class);

    private final GatewayTopics topics;
    private final ActuatorService actuators;
    private final CommandParser parser;
    private final MeterRegistry metrics;

    public CommandIntake(GatewayTopics topics, ActuatorService actuators, ObjectMapper json, MeterRegistry metrics) {
        this.topics = topics;
        this.actuators = actuators;
        this.parser = new CommandParser(json);
        this.metrics = metrics;
    }

    @Incoming("commands")
    public CompletionStage<Void> receive(Message<byte[]> message) {
        String topic = message.getMetadata(ReceivingMqttMessageMetadata.class).map(ReceivingMqttMessageMetadata::getTopic).orElse(null);
        String actuator = topics.actuatorOfCommand(topic);
        if (actuator == null) {
            reject(topic, "not a command topic of this home");
        } else {
            try {
                Command command = parser.parse(message.getPayload());
                String rejection = actuators.command(actuator, command);
                if (rejection == null) {
                    metrics.counter("hearth.gateway.commands.applied", "actuator", actuator).increment();
                    LOG.debugf("Applied command %s: %s = %s from %s", command.id(), actuator, command.value(), command.source());
                } else {
                    reject(topic, rejection);
                }
            } catch (CommandParser.InvalidCommand e) {
                reject(topic, e.getMessage());
            }
        }
        return message.ack();
    }

    private void reject(String topic, String reason) {
        metrics.counter("hearth.gateway.commands.rejected").increment();
        LOG.warnf("Rejected a command on %s: %s", topic, reason);
    }
}
