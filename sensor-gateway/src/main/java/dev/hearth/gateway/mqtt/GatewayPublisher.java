package dev.hearth.gateway.mqtt;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.GatewayStatus;
import dev.hearth.contract.payload.Manifest;
import dev.hearth.contract.payload.Reading;
import dev.hearth.gateway.safety.ActuatorChange;
import dev.hearth.gateway.spool.ReadingSpool;
import dev.hearth.transport.MqttSession;

/** Publishes everything the gateway says on MQTT: QoS 1, retained where the contract says so. */
@ApplicationScoped
public class GatewayPublisher {

    private static final Logger LOG = Logger.getLogger(GatewayPublisher.class);

    @Inject
    MqttSession session;

    @Inject
    GatewayTopics topics;

    @Inject
    ReadingSpool spool;

    /**
     * Takes a reading: into the spool first, from which {@link dev.hearth.gateway.spool.SpoolSender} publishes it and
     * forgets it once the broker has acknowledged it. So a reading written into a connection that dies, or taken
     * while the broker is away, or in flight when the gateway crashes, is sent (again) in order, never lost.
     */
    public void reading(Reading reading) {
        spool.append(topics.reading(reading.sensor()), ContractWriter.write(reading));
    }

    /** Publishes a spooled reading, retained (the newest is what a new subscriber sees); completes on PUBACK. */
    public CompletableFuture<Void> spooled(String topic, String payload) {
        return send(topic, payload, true);
    }

    public CompletableFuture<Void> actuatorState(ActuatorChange change) {
        return send(topics.actuatorState(change.actuator()), ContractWriter.write(change.toState()), true);
    }

    public CompletableFuture<Void> status(boolean online) {
        return send(topics.status(), ContractWriter.write(online ? GatewayStatus.ONLINE : GatewayStatus.OFFLINE), true);
    }

    public void manifest(Manifest manifest) {
        send(topics.manifest(), ContractWriter.write(manifest), true);
    }

    /** Waits for the broker's acknowledgement, for the last words at shutdown. */
    public static void await(CompletableFuture<Void> sent, Duration timeout) {
        try {
            sent.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("A final message was not acknowledged by the broker within %s: %s", timeout, e.toString());
        }
    }

    private CompletableFuture<Void> send(String topic, String payload, boolean retain) {
        return session.publish(topic, payload, 1, retain).whenComplete((ok, failure) -> {
            if (failure != null) {
                LOG.debugf("Not delivered to %s: %s", topic, failure.getMessage());
            }
        });
    }
}
