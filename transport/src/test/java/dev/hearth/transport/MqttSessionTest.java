package dev.hearth.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hearth.local.stack.EmbeddedBroker;
import dev.hearth.local.stack.Ports;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

/** The transport against the real embedded broker: bursts, failing handlers, a broker that goes away. */
class MqttSessionTest {

    private static final String READINGS = "hearth/home/sensors/+";
    private static final int BURST = 20_000;

    private Vertx vertx;
    private EmbeddedBroker broker;
    private int port;
    private final List<MqttSession> sessions = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ScheduledExecutorService slow = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        port = Ports.free();
        broker = EmbeddedBroker.start("127.0.0.1", port, null);
    }

    @AfterEach
    void stop() {
        sessions.forEach(MqttSession::close);
        broker.close();
        slow.shutdownNow();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private MqttSession session(String clientId, MqttSettings tuned) {
        MqttSession s = new MqttSession(vertx, tuned, registry);
        sessions.add(s);
        return s;
    }

    private MqttSettings settings(String clientId) {
        return MqttSettings.of("127.0.0.1", port, "home", clientId).withReconnect(Duration.ofMillis(100), Duration.ofMillis(500));
    }

    /** Publishes {@code count} readings numbered from {@code first}, as fast as the window lets one publisher. */
    private void publish(MqttSession publisher, int first, int count) {
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            batch.add(publisher.publish("hearth/home/sensors/s" + (i % 10), Integer.toString(i), 1, false));
            if (batch.size() == 2_000) {
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
                batch.clear();
            }
        }
        CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).join();
    }

    private static int number(IncomingMessage m) {
        return Integer.parseInt(new String(m.payload(), StandardCharsets.UTF_8));
    }

    @Test
    void aSlowHandlerGetsEveryMessageOfABurstOnceInOrderAndTheStreamGoesOn() {
        ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
        // A handler that finishes later, on another thread, like a database write: the session must pause, not fail.
        MqttSession consumer = session("consumer", settings("consumer").withMaxInProcessing(32)).subscribe(READINGS, 1, m -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            slow.schedule(() -> {
                seen.add(number(m));
                done.complete(null);
            }, 50, TimeUnit.MICROSECONDS);
            return done;
        });
        consumer.start();
        MqttSession publisher = session("publisher", settings("publisher"));
        publisher.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.isConnected() && publisher.isConnected());

        publish(publisher, 0, BURST);
        publish(publisher, BURST, 1); // after the burst

        await().atMost(Duration.ofSeconds(120)).until(() -> seen.size() >= BURST + 1);
        List<Integer> inOrder = new ArrayList<>(seen);
        assertThat(inOrder).hasSize(BURST + 1).doesNotHaveDuplicates();
        assertThat(inOrder).isSorted();
        assertThat(broker.droppedMessages()).isZero();
        assertThat(registry.get("hearth.mqtt.paused").timer().count()).as("pauses").isPositive();
    }

    @Test
    void aHandlerThatThrowsOnEveryHundredthMessageDoesNotStopTheStream() {
        AtomicInteger handled = new AtomicInteger();
        MqttSession consumer = session("thrower", settings("thrower")).subscribe(READINGS, 1, m -> {
            if (number(m) % 100 == 99) {
                throw new IllegalStateException("boom at " + number(m));
            }
            handled.incrementAndGet();
            return CompletableFuture.completedFuture(null);
        });
        consumer.start();
        MqttSession publisher = session("publisher", settings("publisher"));
        publisher.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.isConnected() && publisher.isConnected());

        publish(publisher, 0, 5_000);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(handled.get()).isEqualTo(4_950);
            assertThat(registry.get("hearth.mqtt.handler.failures").tag("kind", "reading").counter().count()).isEqualTo(50);
        });
        publish(publisher, 5_000, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 4_951);
    }

    @Test
    void comesBackByItselfWhenTheBrokerRestartsMidStreamAndSaysSo() throws Exception {
        ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Boolean> changes = new ConcurrentLinkedQueue<>();
        MqttSession consumer = session("survivor", settings("survivor")).subscribe(READINGS, 1, m -> {
            seen.add(number(m));
            return CompletableFuture.completedFuture(null);
        });
        consumer.onConnectionChange(changes::add);
        consumer.start();
        MqttSession publisher = session("publisher", settings("publisher"));
        publisher.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.isConnected() && publisher.isConnected());
        publish(publisher, 0, 1_000);
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 1_000);

        broker.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> !consumer.isConnected() && !publisher.isConnected());
        // Without a broker a publish fails at once, so that a caller can spool it.
        assertThatThrownBy(() -> publisher.publish("hearth/home/sensors/s1", "x", 1, false).get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(NotConnectedException.class);

        broker = EmbeddedBroker.start("127.0.0.1", port, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.isConnected() && publisher.isConnected());
        publish(publisher, 1_000, 1_000);
        await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() >= 2_000);
        assertThat(changes).containsExactly(true, false, true);
        assertThat(registry.get("hearth.mqtt.reconnects").counter().count()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aSessionStartedAfterAnotherOneClosedReportsItsOwnConnection() {
        MqttSession first = session("first", settings("first"));
        first.start();
        await().atMost(Duration.ofSeconds(10)).until(first::isConnected);
        first.close();
        assertThat(registry.find("hearth.mqtt.connected").gauge()).as("a closed session's gauge").isNull();

        // Like a service started again in the same JVM (a test run, dev mode) on a registry that outlived the first.
        MqttSession second = session("second", settings("second"));
        second.start();
        await().atMost(Duration.ofSeconds(10)).until(second::isConnected);
        assertThat(registry.get("hearth.mqtt.connected").gauge().value()).isEqualTo(1.0);
    }
}
