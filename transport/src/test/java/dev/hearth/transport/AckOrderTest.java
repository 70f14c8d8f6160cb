package dev.hearth.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hearth.local.stack.Ports;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;

/**
 * The order of the transport's PUBACKs on the wire. MQTT 3.1.1 (4.6) wants a client's acknowledgements of QoS 1
 * messages in the order the messages arrived; the brokers Hearth runs accept them in any order and do not show it, so
 * this test stands on the other end of the connection itself: Vert.x's MQTT server endpoint, on loopback, publishes
 * and records each PUBACK. Everything else of the transport is tested against the real broker (MqttSessionTest).
 */
class AckOrderTest {

    private final Vertx vertx = Vertx.vertx();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
    private MqttSession session;
    private MqttServer server;

    @AfterEach
    void stop() {
        if (session != null) {
            session.close();
        }
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().join();
        }
        later.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aMessageDoneAtOnceIsAcknowledgedOnlyAfterAnEarlierOneStillInItsHandler() throws Exception {
        List<Integer> published = new CopyOnWriteArrayList<>();
        List<Integer> acknowledged = new CopyOnWriteArrayList<>();
        List<String> handled = new CopyOnWriteArrayList<>();
        int port = Ports.free();
        server = MqttServer.create(vertx, new MqttServerOptions().setHost("127.0.0.1").setPort(port));
        server.endpointHandler(endpoint -> {
            endpoint.publishAcknowledgeHandler(acknowledged::add);
            endpoint.subscribeHandler(subscribe -> {
                endpoint.subscribeAcknowledge(subscribe.messageId(),
                        subscribe.topicSubscriptions().stream().map(t -> MqttQoS.AT_LEAST_ONCE).toList());
                // A reading whose handler takes a while (a batch being stored), then two it refuses at once.
                for (String topic : List.of("hearth/home/sensors/slow", "hearth/home/sensors/fast-1", "hearth/home/sensors/fast-2")) {
                    endpoint.publish(topic, Buffer.buffer("1"), MqttQoS.AT_LEAST_ONCE, false, false).onSuccess(published::add);
                }
            });
            endpoint.accept(false);
        });
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        session = new MqttSession(vertx, MqttSettings.of("127.0.0.1", port, "home", "ack-order"), new SimpleMeterRegistry())
                .subscribe("hearth/home/sensors/+", 1, m -> {
                    if (m.topic().endsWith("slow")) {
                        CompletableFuture<Void> stored = new CompletableFuture<>();
                        later.schedule(() -> {
                            handled.add("slow");
                            stored.complete(null);
                        }, 500, TimeUnit.MILLISECONDS);
                        return stored;
                    }
                    handled.add(m.topic().substring(m.topic().lastIndexOf('/') + 1));
                    return CompletableFuture.completedFuture(null);
                });
        session.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() == 3);
        assertThat(handled).as("the fast ones were done first").containsExactly("fast-1", "fast-2", "slow");
        assertThat(acknowledged).as("yet acknowledged in the order they came").isEqualTo(published);
    }

    /**
     * A message of a connection that died is never acknowledged (the broker sends it again on the next one), and its
     * handler, still busy, must not hold back the new connection's acknowledgements.
     */
    @Test
    void aDeadConnectionsMessageStillInItsHandlerDoesNotHoldBackTheNextConnection() throws Exception {
        List<Integer> acknowledgedOnSecond = new CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
        CompletableFuture<Void> slowStored = new CompletableFuture<>();
        int port = Ports.free();
        server = MqttServer.create(vertx, new MqttServerOptions().setHost("127.0.0.1").setPort(port));
        server.endpointHandler(endpoint -> {
            int connection = connections.incrementAndGet();
            if (connection == 2) {
                endpoint.publishAcknowledgeHandler(acknowledgedOnSecond::add);
            }
            endpoint.subscribeHandler(subscribe -> {
                endpoint.subscribeAcknowledge(subscribe.messageId(),
                        subscribe.topicSubscriptions().stream().map(t -> MqttQoS.AT_LEAST_ONCE).toList());
                if (connection == 1) {
                    // A reading the handler will take long over; then the connection dies under it.
                    endpoint.publish("hearth/home/sensors/slow", Buffer.buffer("1"), MqttQoS.AT_LEAST_ONCE, false, false)
                            .onSuccess(id -> vertx.setTimer(200, t -> endpoint.close()));
                } else {
                    endpoint.publish("hearth/home/sensors/fast", Buffer.buffer("2"), MqttQoS.AT_LEAST_ONCE, false, false);
                }
            });
            endpoint.accept(false);
        });
        server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        session = new MqttSession(vertx, MqttSettings.of("127.0.0.1", port, "home", "ack-order-reconnect")
                .withReconnect(Duration.ofMillis(100), Duration.ofMillis(500)), new SimpleMeterRegistry())
                .subscribe("hearth/home/sensors/+", 1, m -> m.topic().endsWith("slow") ? slowStored : CompletableFuture.completedFuture(null));
        session.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> acknowledgedOnSecond.size() == 1);
        assertThat(slowStored).as("the first connection's message still in its handler").isNotDone();
        // What becomes of the slow message once done (never acknowledged, on either connection) cannot be seen from
        // here: its PUBACK would go to the closed socket it came on. InboundFlowTest checks it on the flow itself.
        slowStored.complete(null);
    }
}
