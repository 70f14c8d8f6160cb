package dev.hearth.history.ingest;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * history-service's MQTT session: a fixed client id, clean session off, QoS 1, and a PUBACK only once the row is
 * committed (or the payload is rejected for good). Messages are stored one at a time in arrival order; when the
 * database refuses one, it is tried again until it succeeds, while the broker holds the rest. So a reading the
 * broker has accepted is lost neither to a history-service restart nor to a database outage.
 *
 * <p>The Vert.x client is used directly rather than through the messaging connector because the connector
 * acknowledges on arrival and drops the backlog a persistent session delivers right after connecting.
 */
@ApplicationScoped
public class MqttIntake {

    private static final Logger LOG = Logger.getLogger(MqttIntake.class);

    private final Vertx vertx;
    private final IntakeConfig.Mqtt config;
    private final ReadingIngestor ingestor;
    private final Map<String, Integer> subscriptions = new LinkedHashMap<>();
    private final String clientId;
    private final ArrayDeque<MqttPublishMessage> pending = new ArrayDeque<>();
    private MqttClient client;
    private Context context;
    private boolean busy;
    private int failedAttempts;
    private volatile boolean connected;
    private volatile boolean stopping;

    public MqttIntake(Vertx vertx, IntakeConfig config, ReadingIngestor ingestor) {
        this.vertx = vertx;
        this.config = config.mqtt();
        this.ingestor = ingestor;
        this.clientId = config.mqtt().clientId().orElse("hearth-history-" + config.home());
        subscriptions.putAll(new HistoryTopics(config.home()).subscriptions());
    }

    void onStart(@Observes StartupEvent event) {
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> connect());
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        MqttClient c = client;
        if (c != null && c.isConnected()) {
            // Unacknowledged messages stay with the broker's session and come back on the next start.
            c.disconnect();
        }
    }

    public boolean isConnected() {
        return connected;
    }

    private void connect() {
        if (stopping) {
            return;
        }
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(clientId)
                .setCleanSession(false)
                .setMaxMessageSize(1024 * 1024) // above the contract's largest payload, so oversize ones are rejected, not fatal
                .setKeepAliveInterval(30);
        options.setAutoAck(false);
        config.username().ifPresent(options::setUsername);
        config.password().ifPresent(options::setPassword);
        MqttClient c = MqttClient.create(vertx, options);
        // Set before connecting: a persistent session's backlog arrives right after CONNACK.
        c.publishHandler(this::received);
        c.closeHandler(v -> {
            connected = false;
            LOG.warnf("MQTT connection to %s:%d lost", config.host(), config.port());
            // Messages not yet acknowledged will be redelivered by the broker; forget our copies.
            pending.clear();
            reconnectLater();
        });
        client = c;
        c.connect(config.port(), config.host()).onSuccess(ack -> {
            connected = true;
            LOG.infof("Connected to MQTT %s:%d as %s (session present: %s)", config.host(), config.port(), clientId,
                    ack.isSessionPresent());
            c.subscribe(subscriptions).onFailure(e -> LOG.errorf("Subscription failed: %s", e.getMessage()));
        }).onFailure(e -> {
            LOG.warnf("Cannot connect to MQTT %s:%d: %s", config.host(), config.port(), e.getMessage());
            reconnectLater();
        });
    }

    private void reconnectLater() {
        if (!stopping) {
            vertx.setTimer(config.reconnectDelay().toMillis(), id -> context.runOnContext(v -> connect()));
        }
    }

    private void received(MqttPublishMessage message) {
        pending.addLast(message);
        drain();
    }

    /** Stores the oldest pending message; runs on the intake's event loop, one message at a time. */
    private void drain() {
        if (busy || pending.isEmpty()) {
            return;
        }
        busy = true;
        MqttPublishMessage message = pending.peekFirst();
        // Each message gets its own duplicated context, marked safe: that is where Hibernate Reactive keeps its session.
        Context duplicated = VertxContext.createNewDuplicatedContext(context);
        VertxContextSafetyToggle.setContextSafe(duplicated, true);
        duplicated.runOnContext(v -> {
            try {
                ingestor.ingest(message.topicName(), message.payload().getBytes()).subscribe().with(
                        outcome -> context.runOnContext(x -> done(message)),
                        failure -> context.runOnContext(x -> retryLater(message, failure)));
            } catch (RuntimeException e) {
                context.runOnContext(x -> retryLater(message, e));
            }
        });
    }

    private void done(MqttPublishMessage message) {
        if (failedAttempts > 0) {
            LOG.infof("Storing works again after %d failed attempts", failedAttempts);
            failedAttempts = 0;
        }
        if (pending.peekFirst() == message) {
            pending.pollFirst();
            if (message.qosLevel().value() > 0 && client.isConnected()) {
                message.ack();
            }
        }
        busy = false;
        drain();
    }

    /** Backs off from the retry delay up to 30 s, and says so once rather than at every attempt. */
    private void retryLater(MqttPublishMessage message, Throwable failure) {
        long delay = Math.min(30_000, config.retryDelay().toMillis() << Math.min(failedAttempts, 10));
        if (failedAttempts == 0) {
            LOG.warnf("Could not store a message on %s (%s); holding it and the ones after it until the database is back",
                    message.topicName(), failure.getMessage());
        } else {
            LOG.debugf("Still cannot store (attempt %s): %s; next try in %s ms", (Object) (failedAttempts + 1), failure.getMessage(), delay);
        }
        failedAttempts++;
        vertx.setTimer(delay, id -> context.runOnContext(v -> {
            busy = false;
            drain();
        }));
    }
}
