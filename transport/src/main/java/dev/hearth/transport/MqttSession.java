package dev.hearth.transport;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;

/**
 * A service's one MQTT session: its own client id, a clean or persistent session, a last will where asked. It connects
 * in the background, reconnects with backoff when the connection is lost and subscribes again, and tells listeners
 * when the connection comes and goes (readiness follows it). Arriving messages go through {@link InboundFlow},
 * publishes through {@link OutboundWindow}. Every piece of state lives on one Vert.x event loop.
 */
public final class MqttSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MqttSession.class);

    private final Vertx vertx;
    private final MqttSettings settings;
    private final Context context;
    private final InboundFlow inbound;
    private final OutboundWindow outbound;
    private final TransportMetrics metrics;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private MqttClient client;
    private long generation;
    private int failedAttempts;
    private boolean everConnected;
    private long upSince;
    private volatile boolean connected;
    private volatile boolean started;
    private volatile boolean closing;

    public MqttSession(Vertx vertx, MqttSettings settings, MeterRegistry registry) {
        this.vertx = vertx;
        this.settings = settings;
        this.context = vertx.getOrCreateContext();
        this.metrics = new TransportMetrics(registry, settings.home(), () -> connected ? 1 : 0, this::inProcessing);
        this.inbound = new InboundFlow(settings.maxInProcessing(), metrics, context);
        this.outbound = new OutboundWindow(settings.maxInFlight(), settings.maxQueuedPublishes(), metrics);
    }

    /**
     * Delivers the messages of {@code filter} to {@code handler}. Call before {@link #start()}: a persistent session's
     * backlog arrives right after the connection, before any later subscription could be made.
     */
    public MqttSession subscribe(String filter, int qos, MessageHandler handler) {
        if (started) {
            throw new IllegalStateException("subscribe before start(): " + filter);
        }
        inbound.add(filter, qos, handler);
        return this;
    }

    /** Called with true when the session is connected (and subscribed), with false when the connection is lost. */
    public void onConnectionChange(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    public void start() {
        started = true;
        context.runOnContext(v -> connect());
    }

    public boolean isConnected() {
        return connected;
    }

    public String clientId() {
        return settings.clientId();
    }

    public String broker() {
        return settings.host() + ":" + settings.port();
    }

    /** Publishes a text payload; completes when the broker has acknowledged it (QoS 1) or it was written (QoS 0). */
    public CompletableFuture<Void> publish(String topic, String payload, int qos, boolean retain) {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
    }

    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retain) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        MqttQoS level = MqttQoS.valueOf(qos);
        Buffer buffer = Buffer.buffer(payload);
        if (Vertx.currentContext() == context) {
            outbound.publish(topic, buffer, level, retain, done);
        } else {
            context.runOnContext(v -> outbound.publish(topic, buffer, level, retain, done));
        }
        return done;
    }

    /** Disconnects cleanly (no last will) and stops reconnecting; off an event loop, waits up to two seconds. */
    @Override
    public void close() {
        closing = true;
        metrics.close();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        context.runOnContext(v -> {
            MqttClient c = client;
            client = null;
            if (c != null) {
                c.disconnect().onComplete(x -> closed.complete(null));
            } else {
                closed.complete(null);
            }
        });
        if (Context.isOnEventLoopThread()) {
            return;
        }
        try {
            closed.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debugf("Disconnect did not finish: %s", e.toString());
        }
    }

    private int inProcessing() {
        return inbound.inProcessing();
    }

    private void connect() {
        if (closing) {
            return;
        }
        MqttClientOptions options = new MqttClientOptions()
                .setClientId(settings.clientId())
                .setCleanSession(settings.cleanSession())
                .setKeepAliveInterval(30)
                .setMaxMessageSize(settings.maxMessageBytes())
                // Vert.x counts its own window too; ours is the one that queues, so give it room.
                .setMaxInflightQueue(settings.maxInFlight() * 2)
                .setAckTimeout(30);
        options.setAutoAck(false);
        settings.username().ifPresent(options::setUsername);
        settings.password().ifPresent(options::setPassword);
        settings.will().ifPresent(w -> options.setWillFlag(true).setWillTopic(w.topic())
                .setWillMessageBytes(Buffer.buffer(w.payload().getBytes(StandardCharsets.UTF_8))).setWillQoS(w.qos()).setWillRetain(w.retain()));
        MqttClient c = MqttClient.create(vertx, options);
        long connection = ++generation;
        // Set before connecting: a persistent session's backlog arrives right after CONNACK.
        c.publishHandler(m -> inbound.deliver(m, connection));
        c.closeHandler(v -> lost(c));
        client = c;
        c.connect(settings.port(), settings.host()).onSuccess(ack -> {
            if (closing || client != c) {
                c.disconnect();
                return;
            }
            outbound.attach(c, () -> {
                LOG.warnf("No PUBACK from %s in time: the connection is presumed dead; reconnecting", broker());
                c.disconnect();
            });
            inbound.attach(c, connection);
            if (inbound.filters().isEmpty()) {
                up(c, ack.isSessionPresent());
            } else {
                subscribe(c, ack.isSessionPresent());
            }
        }).onFailure(e -> {
            if (client == c) {
                client = null;
            }
            retryLater("cannot connect: " + e.getMessage());
        });
    }

    /** Ready only once the broker has granted every subscription (SUBACK), not when SUBSCRIBE is written. */
    private void subscribe(MqttClient c, boolean sessionPresent) {
        c.subscribeCompletionHandler(subAck -> {
            if (client != c) {
                return;
            }
            if (subAck.grantedQoSLevels().stream().anyMatch(q -> q == null || q > 2)) {
                LOG.errorf("The broker %s refused a subscription of %s (granted %s); reconnecting", broker(), inbound.filters().keySet(),
                        subAck.grantedQoSLevels());
                c.disconnect();
            } else {
                up(c, sessionPresent);
            }
        });
        c.subscribe(inbound.filters()).onFailure(e -> {
            LOG.warnf("Subscribing to %s failed: %s; reconnecting", inbound.filters().keySet(), e.getMessage());
            c.disconnect();
        });
    }

    private void up(MqttClient c, boolean sessionPresent) {
        if (client != c) {
            return;
        }
        boolean reconnected = everConnected;
        if (reconnected) {
            metrics.reconnects.increment();
        }
        everConnected = true;
        upSince = System.nanoTime();
        connected = true;
        LOG.infof("MQTT connected to %s as %s (session present: %s)", broker(), settings.clientId(), sessionPresent);
        if (!settings.cleanSession() && !sessionPresent && reconnected) {
            // The one sign that the broker lost what it queued for this client while it was away.
            LOG.warnf("The broker %s kept no session for %s since the last connection: messages it would have queued while %s"
                    + " was away are lost (a broker restarted without persistence, or one that expired the session)", broker(),
                    settings.clientId(), settings.clientId());
        }
        tell(true);
    }

    /** A listener's failure must not stop the others, nor the reconnecting. */
    private void tell(boolean up) {
        for (Consumer<Boolean> listener : listeners) {
            try {
                listener.accept(up);
            } catch (RuntimeException e) {
                LOG.errorf(e, "A connection listener failed");
            }
        }
    }

    private void lost(MqttClient c) {
        if (client != c && client != null) {
            return; // an older connection's late close
        }
        boolean wasConnected = connected;
        connected = false;
        client = null;
        outbound.detach("the connection to the broker was lost");
        inbound.detach();
        // The backoff starts over only after a connection that lasted: one dropped right after CONNACK (another
        // instance with the same client id, say) must not make it reconnect twice a second for ever.
        if (wasConnected && System.nanoTime() - upSince > settings.reconnectMax().toNanos()) {
            failedAttempts = 0;
        }
        if (wasConnected) {
            tell(false);
        }
        if (!closing) {
            if (wasConnected) {
                LOG.warnf("MQTT connection to %s lost; reconnecting", broker());
            }
            retryLater("connection lost");
        }
    }

    /** Exponential backoff with jitter, from the settings' minimum to their maximum; said once, not at every attempt. */
    private void retryLater(String why) {
        if (closing) {
            return;
        }
        long min = settings.reconnectMin().toMillis();
        long delay = Math.min(settings.reconnectMax().toMillis(), min << Math.min(failedAttempts, 16));
        delay = delay + ThreadLocalRandom.current().nextLong(Math.max(1, delay / 5));
        if (failedAttempts == 0) {
            LOG.warnf("MQTT broker %s: %s; trying again with backoff", broker(), why);
        } else {
            LOG.debugf("MQTT broker %s: %s (attempt %d); next try in %d ms", broker(), why, failedAttempts + 1, delay);
        }
        failedAttempts++;
        vertx.setTimer(delay, id -> context.runOnContext(v -> connect()));
    }
}
