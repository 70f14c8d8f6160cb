package dev.hearth.gateway.mqtt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hearth.contract.Times;
import dev.hearth.contract.payload.Cause;
import dev.hearth.contract.payload.Manifest;
import dev.hearth.gateway.config.Declaration;
import dev.hearth.gateway.config.GatewayConfig;
import dev.hearth.gateway.safety.ActuatorService;
import dev.hearth.gateway.sampling.SensorSampler;
import dev.hearth.gateway.spool.SpoolSender;
import dev.hearth.transport.IncomingMessage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The gateway's presence on MQTT: at start, outputs at failsafe, {@code online} and the manifest (all retained), put
 * back when someone clears them; at a clean stop, outputs at failsafe ({@code cause: shutdown}) and {@code offline}
 * before the connection closes.
 */
@ApplicationScoped
public class GatewayLifecycle {

    private static final Logger LOG = Logger.getLogger(GatewayLifecycle.class);
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final GatewayConfig config;
    private final Declaration declaration;
    private final GatewayPublisher publisher;
    private final ActuatorService actuators;
    private final SensorSampler sampler;
    private final DiscoveryAnnouncer discovery;
    private final SpoolSender spoolSender;
    private final String version;
    private final Instant startedAt = startedAt(Instant.now());
    private final GatewayTopics topics;
    private volatile boolean stopping;

    public GatewayLifecycle(GatewayConfig config, Declaration declaration, GatewayPublisher publisher, ActuatorService actuators, SensorSampler sampler,
            DiscoveryAnnouncer discovery, SpoolSender spoolSender, GatewayTopics topics,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.topics = topics;
        this.discovery = discovery;
        this.spoolSender = spoolSender;
        this.config = config;
        this.declaration = declaration;
        this.publisher = publisher;
        this.actuators = actuators;
        this.sampler = sampler;
        this.version = version;
    }

    /** Outputs to failsafe and sampling on; {@link GatewayMqtt} announces the gateway once the broker is there. */
    void onStart(@Observes StartupEvent event) {
        actuators.start();
        spoolSender.start();
        sampler.start();
        LOG.infof("Gateway %s started with %d sensors and %d actuators", config.id(), declaration.sensors().size(),
                declaration.actuators().size());
    }

    /** Status, manifest and output states, all retained: sent at every connection to the broker. */
    public void reannounce() {
        publisher.status(true);
        Manifest manifest = manifest();
        publisher.manifest(manifest);
        discovery.announce(manifest);
        actuators.reannounce();
    }

    /**
     * Someone cleared one of the gateway's retained topics (an empty retained message, which is how MQTT tools delete
     * one): published again at once. Without its manifest web-edge and control-service forget the gateway's sensors and
     * actuators, and nothing would put it back until the gateway's next connection.
     */
    public CompletionStage<Void> restoreIfCleared(IncomingMessage message) {
        if ((message.payload() != null && message.payload().length > 0) || stopping) {
            return DONE;
        }
        String topic = message.topic();
        if (topic.equals(topics.status())) {
            LOG.warnf("The gateway's status on %s was cleared: published again", topic);
            publisher.status(true);
        } else if (topic.equals(topics.manifest())) {
            LOG.warnf("The gateway's manifest on %s was cleared: published again", topic);
            publisher.manifest(manifest());
        } else {
            topics.actuatorOfState(topic).filter(actuators::reannounce)
                    .ifPresent(actuator -> LOG.warnf("The state of %s on %s was cleared: published again", actuator, topic));
        }
        return DONE;
    }

    void onStop(@Observes ShutdownEvent event, CommandIntake commands) {
        stopping = true; // its own offline status is the last word, not to be followed by an online one
        // No command may drive an output again once it has gone to failsafe for the shutdown.
        commands.refuseAll();
        List<CompletableFuture<Void>> sent = actuators.failsafe(Cause.SHUTDOWN, true);
        ActuatorService.awaitAll(sent, Duration.ofSeconds(3));
        GatewayPublisher.await(publisher.status(false), Duration.ofSeconds(3));
        LOG.info("Gateway stopped: outputs at failsafe, status offline");
    }

    /**
     * When the gateway started, as its manifest says it: a Pi booted before NTP set its clock starts in 1970, which no
     * contract time may be, and a manifest that cannot be written would leave web-edge and control-service without the
     * gateway's sensors and actuators. Such a start says the contract's earliest time instead.
     */
    static Instant startedAt(Instant now) {
        return Times.inWindow(now) ? now : Times.EARLIEST;
    }

    public Manifest manifest() {
        List<Manifest.Sensor> sensors = declaration.sensors().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Manifest.Sensor(e.getKey(), e.getValue().name(), e.getValue().room(), e.getValue().quantity(),
                        e.getValue().unit(), e.getValue().interval().toMillis()))
                .toList();
        List<Manifest.Actuator> outputs = declaration.actuators().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new Manifest.Actuator(e.getKey(), e.getValue().name(), e.getValue().room(), e.getValue().kind(),
                        e.getValue().min(), e.getValue().max(), e.getValue().unit(), e.getValue().failsafe()))
                .toList();
        return new Manifest(config.id(), version, startedAt, sensors, outputs);
    }
}
