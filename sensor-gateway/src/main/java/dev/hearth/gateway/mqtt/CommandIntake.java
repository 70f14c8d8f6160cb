package dev.hearth.gateway.mqtt;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.contract.Parsed;
import dev.hearth.contract.Reason;
import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.payload.Command;
import dev.hearth.contract.topic.TopicKind;
import dev.hearth.gateway.safety.ActuatorService;
import dev.hearth.transport.IncomingMessage;
import dev.hearth.transport.RejectedMessages;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Receives Commands on {@code hearth/{home}/actuators/+/set}, read by the contract's strict reader. A bad command is
 * counted and logged ({@link RejectedMessages}) and dropped; it never stops the intake of the good ones.
 */
@ApplicationScoped
public class CommandIntake {

    private static final Logger LOG = Logger.getLogger(CommandIntake.class);
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    /** The gateway's own refusals of a well-formed command (unknown actuator, out of range, expired, replayed id). */
    static final String REFUSED = "refused";

    private volatile boolean stopping;
    /** Actuators not this gateway's whose commands were already logged as a warning (at most this many names). */
    private final FirstSighting foreignActuators = new FirstSighting(FOREIGN_ACTUATORS_WARNED);
    static final int FOREIGN_ACTUATORS_WARNED = 1_000;
    private final GatewayTopics topics;
    private final ActuatorService actuators;
    private final MeterRegistry metrics;
    private final RejectedMessages rejected;

    public CommandIntake(GatewayTopics topics, ActuatorService actuators, MeterRegistry metrics) {
        this.topics = topics;
        this.actuators = actuators;
        this.metrics = metrics;
        this.rejected = new RejectedMessages(metrics, CommandIntake.class);
    }

    /** From now on every command is refused: the gateway is stopping and its outputs go to failsafe. */
    public void refuseAll() {
        stopping = true;
    }

    public CompletionStage<Void> handle(IncomingMessage message) {
        String topic = message.topic();
        if (stopping) {
            reject(topic, REFUSED, "the gateway is stopping");
            return DONE;
        }
        Optional<String> actuator = topics.actuatorOfCommand(topic);
        if (actuator.isEmpty()) {
            reject(topic, Reason.UNKNOWN_TOPIC.code(), "not a command topic of this home");
            return DONE;
        }
        Parsed<Command> command = ContractReader.command(message.payload());
        if (!command.isOk()) {
            reject(topic, command.rejection().reason().code(), command.rejection().message());
            return DONE;
        }
        Command c = command.value();
        if (!actuators.owns(actuator.get())) {
            // Done at once; the transport still acknowledges it only after the commands before it (InboundFlow).
            refuseForeign(topic, actuator.get());
            return DONE;
        }
        if (message.retained()) {
            // Commands are never retained (docs/contract.md). One that is (mosquitto_pub -r, a tool's retain option) comes
            // back at every subscription, so at every restart or reconnect of the gateway it would switch the output
            // again, for up to its maximum lifetime. MQTT clears the flag on live delivery, so it still applies once.
            reject(topic, REFUSED, "a retained command, delivered again because the gateway subscribed; commands must not be"
                    + " retained (clear it: mosquitto_pub -r -n -t " + topic + ")");
            return DONE;
        }
        // Applied on the outputs' thread, not this event loop; acknowledged once applied (or refused).
        return actuators.commandAsync(actuator.get(), c).thenAccept(refusal -> {
            if (refusal == null) {
                metrics.counter("hearth.gateway.commands.applied", "actuator", actuator.get()).increment();
                LOG.debugf("Applied command %s: %s = %s from %s", c.id(), actuator.get(), c.value(), c.source());
            } else {
                reject(topic, REFUSED, refusal);
            }
        });
    }

    /** Refused and counted like any refusal, told once per actuator: it may be another gateway's in the same home. */
    private void refuseForeign(String topic, String actuator) {
        metrics.counter(RejectedMessages.METER, "kind", TopicKind.COMMAND.code(), "reason", REFUSED).increment();
        if (foreignActuators.first(actuator)) {
            LOG.warnf("Rejected a command on %s: unknown actuator '%s' (another gateway's? Further commands for it are logged at"
                    + " debug level)", topic, actuator);
            return;
        }
        if (foreignActuators.full()) {
            LOG.warnf("Commands came for %d actuators this gateway does not have; commands for any other are logged at debug level"
                    + " only", FOREIGN_ACTUATORS_WARNED);
        }
        LOG.debugf("Rejected a command on %s: unknown actuator '%s'", topic, actuator);
    }

    private void reject(String topic, String reason, String message) {
        rejected.reject(TopicKind.COMMAND.code(), topic, reason, message);
    }
}
