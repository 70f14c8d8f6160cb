package dev.hearth.transport;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;

/**
 * Publishes with a bounded window: at most {@code maxInFlight} QoS 1 messages await their PUBACK, up to
 * {@code maxQueued} more wait for a slot, and each publish completes when the broker has it (PUBACK; QoS 0: written).
 * A publish without a connection, beyond the queue, or whose connection is lost before its PUBACK fails with
 * {@link NotConnectedException}, so the caller decides: spool it (readings), re-send it on reconnect (states), or say
 * so (a person's command). Confined to the session's event loop.
 */
final class OutboundWindow {

    private record Pending(String topic, Buffer payload, MqttQoS qos, boolean retain, CompletableFuture<Void> done) {
    }

    private final int maxInFlight;
    private final int maxQueued;
    private final TransportMetrics metrics;
    private final Map<Integer, Pending> awaitingAck = new HashMap<>();
    /** PUBACKs that arrived before the write's own completion told us the packet id. */
    private final Set<Integer> earlyAcks = new HashSet<>();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private MqttClient client;
    private int inFlight;

    OutboundWindow(int maxInFlight, int maxQueued, TransportMetrics metrics) {
        this.maxInFlight = maxInFlight;
        this.maxQueued = maxQueued;
        this.metrics = metrics;
    }

    /**
     * Takes a new connection. Its handlers ignore callbacks of any other connection: packet ids start again at 1 on
     * each, and an old connection's timers may still fire. A PUBACK that never comes means the connection is dead
     * without TCP having noticed (a power cut at the broker's end): {@code onDeadConnection} closes it, so that the
     * session reconnects and the gateway's broker-loss failsafe can start.
     */
    void attach(MqttClient connected, Runnable onDeadConnection) {
        client = connected;
        earlyAcks.clear();
        connected.publishCompletionHandler(id -> {
            if (client == connected) {
                acked(id);
            }
        });
        connected.publishCompletionExpirationHandler(id -> {
            if (client == connected && awaitingAck.containsKey(id)) {
                onDeadConnection.run();
            }
        });
    }

    /** The connection is gone: nothing in flight or waiting can complete on it. */
    void detach(String why) {
        client = null;
        awaitingAck.values().forEach(p -> fail(p, why));
        waiting.forEach(p -> fail(p, why));
        awaitingAck.clear();
        waiting.clear();
        earlyAcks.clear();
        inFlight = 0;
    }

    void publish(String topic, Buffer payload, MqttQoS qos, boolean retain, CompletableFuture<Void> done) {
        Pending p = new Pending(topic, payload, qos, retain, done);
        if (client == null) {
            fail(p, "not connected to the broker");
        } else if (inFlight >= maxInFlight) {
            if (waiting.size() >= maxQueued) {
                fail(p, "the publish queue is full (" + maxQueued + " waiting)");
            } else {
                waiting.addLast(p);
            }
        } else {
            send(p);
        }
    }

    int inFlight() {
        return inFlight;
    }

    private void send(Pending p) {
        MqttClient c = client;
        inFlight++;
        try {
            c.publish(p.topic(), p.payload(), p.qos(), false, p.retain()).onComplete(written -> {
                if (written.failed()) {
                    inFlight--;
                    fail(p, "the write failed: " + written.cause().getMessage());
                    sendWaiting();
                } else if (p.qos() == MqttQoS.AT_MOST_ONCE) {
                    inFlight--;
                    done(p);
                    sendWaiting();
                } else if (earlyAcks.remove(written.result())) {
                    inFlight--;
                    done(p);
                    sendWaiting();
                } else if (client == c) {
                    awaitingAck.put(written.result(), p);
                } else {
                    // Written on a connection that was lost meanwhile: detach() has already reset the window.
                    fail(p, "the connection was lost before the broker acknowledged");
                }
            });
        } catch (RuntimeException e) {
            // The Vert.x client throws rather than fails when its connection vanished between our check and the write.
            inFlight--;
            fail(p, "the write failed: " + e);
        }
    }

    private void acked(int packetId) {
        Pending p = awaitingAck.remove(packetId);
        if (p == null) {
            earlyAcks.add(packetId);
            return;
        }
        inFlight--;
        done(p);
        sendWaiting();
    }

    private void sendWaiting() {
        while (client != null && inFlight < maxInFlight && !waiting.isEmpty()) {
            send(waiting.pollFirst());
        }
    }

    private void done(Pending p) {
        metrics.out(p.topic());
        p.done().complete(null);
    }

    private void fail(Pending p, String why) {
        metrics.publishFailure(p.topic());
        p.done().completeExceptionally(new NotConnectedException("not delivered to " + p.topic() + ": " + why));
    }
}
