package dev.hearth.transport;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import org.jboss.logging.Logger;

import dev.hearth.contract.topic.TopicFilter;
import io.vertx.core.Context;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * Hands arriving messages to the handler of their subscription with flow control: while {@code maxInProcessing}
 * messages are handed out and not done, socket reads pause (TCP then holds the broker back, and the broker queues for
 * this client) instead of an overflow buffer that fails; they resume at half. A QoS 1 message is acknowledged when its
 * handler is done and every message that arrived before it on the same connection is acknowledged (MQTT 3.1.1, 4.6:
 * PUBACKs in the order of the PUBLISHes), on the connection it came from: so a handler that answers at once (a refusal,
 * an unknown topic) never overtakes one still storing or applying an earlier message. A handler's failure is counted
 * and logged and never ends the subscription. Confined to the session's event loop.
 */
final class InboundFlow {

    private static final Logger LOG = Logger.getLogger(InboundFlow.class);
    static final java.time.Duration MAX_PAUSE = java.time.Duration.ofSeconds(5);

    private record Subscription(int qos, MessageHandler handler) {
    }

    /** A message handed out, in arrival order, until it is acknowledged (or its connection is gone). */
    private static final class Delivery {
        final MqttPublishMessage message;
        final long connection;
        boolean done;

        Delivery(MqttPublishMessage message, long connection) {
            this.message = message;
            this.connection = connection;
        }
    }

    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final int maxInProcessing;
    private final TransportMetrics metrics;
    private final Context context;
    private MqttClient client;
    private long generation;
    /**
     * QoS 1 messages not yet acknowledged, oldest first. A handler that never completes holds back every later
     * acknowledgement on its connection, as MQTT's ordering implies (history-service's batch does so by design while
     * PostgreSQL is down); the broker's in-flight window bounds what waits behind it.
     */
    private final ArrayDeque<Delivery> unacknowledged = new ArrayDeque<>();
    private int inProcessing;
    private long pausedAt = -1;

    InboundFlow(int maxInProcessing, TransportMetrics metrics, Context context) {
        this.maxInProcessing = maxInProcessing;
        this.metrics = metrics;
        this.context = context;
    }

    void add(String filter, int qos, MessageHandler handler) {
        subscriptions.put(filter, new Subscription(qos, handler));
    }

    Map<String, Integer> filters() {
        Map<String, Integer> filters = new LinkedHashMap<>();
        subscriptions.forEach((f, s) -> filters.put(f, s.qos()));
        return filters;
    }

    void attach(MqttClient connected, long connection) {
        client = connected;
        generation = connection;
        // An earlier connection's messages are never acknowledged (the broker sends them again on this one): none of
        // them may hold back this connection's acknowledgements.
        unacknowledged.removeIf(d -> d.connection != connection);
        endPause();
        ackInOrder(); // what this connection delivered and finished before it was attached
    }

    void detach() {
        endPause();
        client = null;
    }

    int inProcessing() {
        return inProcessing;
    }

    /** Runs on the event loop of {@code connection}'s client. */
    void deliver(MqttPublishMessage message, long connection) {
        String topic = message.topicName();
        metrics.in(topic);
        Subscription subscription = subscriptions.entrySet().stream().filter(e -> TopicFilter.matches(e.getKey(), topic))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        Delivery delivery = new Delivery(message, connection);
        if (message.qosLevel().value() == 1 && connection >= generation) {
            // Not an earlier connection's message: it is never acknowledged (the broker sends it again), so waiting for it
            // would hold back every later acknowledgement. (A newer one's may arrive just before attach() and is kept.)
            unacknowledged.add(delivery);
        }
        if (subscription == null) {
            // A subscription a persistent session still holds from an earlier version of the service.
            LOG.debugf("No handler for %s; acknowledged (in turn) and dropped", topic);
            delivery.done = true;
            ackInOrder();
            return;
        }
        inProcessing++;
        if (inProcessing >= maxInProcessing && pausedAt < 0 && client != null) {
            pause();
        }
        CompletionStage<Void> done;
        try {
            done = subscription.handler().handle(new IncomingMessage(topic, message.payload().getBytes(), message.qosLevel().value(),
                    message.isRetain()));
            if (done == null) {
                done = java.util.concurrent.CompletableFuture.completedFuture(null);
            }
        } catch (RuntimeException e) {
            done = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        done.whenComplete((ok, failure) -> {
            if (io.vertx.core.Vertx.currentContext() == context) {
                finished(delivery, failure);
            } else {
                context.runOnContext(v -> finished(delivery, failure));
            }
        });
    }

    private void finished(Delivery delivery, Throwable failure) {
        inProcessing--;
        if (failure != null) {
            metrics.handlerFailure(delivery.message.topicName());
            LOG.warnf("The handler failed on a message on %s (acknowledged, the subscription goes on): %s", delivery.message.topicName(),
                    failure.toString());
        }
        delivery.done = true;
        ackInOrder();
        if (pausedAt >= 0 && inProcessing <= maxInProcessing / 2) {
            if (client != null) {
                client.resume();
            }
            endPause();
        }
    }

    /**
     * Acknowledges the done messages at the head of the line: none before an earlier one still in its handler, and
     * none of a connection not attached yet (its backlog can arrive right after CONNACK; {@link #attach} acknowledges it).
     */
    private void ackInOrder() {
        while (!unacknowledged.isEmpty() && unacknowledged.peekFirst().done && unacknowledged.peekFirst().connection <= generation) {
            Delivery d = unacknowledged.pollFirst();
            ack(d.message, d.connection);
        }
    }

    private void ack(MqttPublishMessage message, long connection) {
        // Only on the connection it came from: after a reconnect the broker redelivers it under another packet id.
        if (message.qosLevel().value() == 1 && connection == generation && client != null && client.isConnected()) {
            try {
                message.ack();
            } catch (RuntimeException e) {
                LOG.debugf("Could not acknowledge a message on %s: %s", message.topicName(), e.toString());
            }
        }
    }

    /**
     * Stops reading for at most {@link #MAX_PAUSE}: a paused socket does not read the broker's keep-alive answers
     * either, and the client would drop the connection after 45 s. While the handlers stay behind, the next message
     * read pauses it again; the broker's in-flight window (unacknowledged QoS 1 messages) holds the rest meanwhile.
     */
    private void pause() {
        MqttClient paused = client;
        paused.pause();
        pausedAt = System.nanoTime();
        long started = pausedAt;
        context.owner().setTimer(MAX_PAUSE.toMillis(), id -> context.runOnContext(v -> {
            if (pausedAt == started && client == paused) {
                paused.resume();
                endPause();
            }
        }));
    }

    private void endPause() {
        if (pausedAt >= 0) {
            metrics.paused.record(System.nanoTime() - pausedAt, java.util.concurrent.TimeUnit.NANOSECONDS);
            pausedAt = -1;
        }
    }
}
