package dev.hearth.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.messages.MqttPublishMessage;

/**
 * The acknowledgement bookkeeping across connections, where the wire cannot reach: a connection's backlog handled
 * before that connection is attached, and an old connection's message still in its handler, or arriving, after a new
 * one is attached. The client and the messages are stand-ins (dynamic proxies) that record the PUBACKs; the ordering on
 * a real wire is AckOrderTest's.
 */
class InboundFlowTest {

    private final Vertx vertx = Vertx.vertx();
    private final Context context = vertx.getOrCreateContext();
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final InboundFlow flow = new InboundFlow(10, new TransportMetrics(new SimpleMeterRegistry(), "home", () -> 1, () -> 0), context);

    @AfterEach
    void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aConnectionsMessageDoneBeforeItIsAttachedIsAcknowledgedOnceItIs() throws Exception {
        flow.add("hearth/home/#", 1, m -> CompletableFuture.completedFuture(null));
        MqttClient second = client();
        onContext(() -> {
            flow.attach(client(), 1);
            flow.detach(); // the first connection is lost
            flow.deliver(message("backlog"), 2); // the second's backlog, right after its CONNACK
        });
        assertThat(acknowledged).as("not on a connection not attached yet").isEmpty();
        onContext(() -> flow.attach(second, 2));
        assertThat(acknowledged).containsExactly("backlog");
    }

    @Test
    void anOldConnectionsMessageAfterTheNewOneIsAttachedHoldsNothingBack() throws Exception {
        CompletableFuture<Void> oldOneStored = new CompletableFuture<>();
        flow.add("hearth/home/#", 1, m -> m.topic().endsWith("old") ? oldOneStored : CompletableFuture.completedFuture(null));
        onContext(() -> {
            flow.attach(client(), 1);
            flow.attach(client(), 2);
            flow.deliver(message("old"), 1); // late, from the connection that is gone
            flow.deliver(message("new"), 2);
        });
        assertThat(acknowledged).as("the new connection's message, not held behind the old one").containsExactly("new");
        onContext(() -> oldOneStored.complete(null));
        assertThat(acknowledged).as("the old one never: the broker sends it again").containsExactly("new");
    }

    @Test
    void aMessageStillInItsHandlerWhenItsConnectionIsReplacedHoldsNothingBack() throws Exception {
        CompletableFuture<Void> oldOneStored = new CompletableFuture<>();
        flow.add("hearth/home/#", 1, m -> m.topic().endsWith("old") ? oldOneStored : CompletableFuture.completedFuture(null));
        onContext(() -> {
            flow.attach(client(), 1);
            flow.deliver(message("old"), 1); // still being stored when its connection is lost
            flow.detach();
            flow.attach(client(), 2);
            flow.deliver(message("new"), 2);
        });
        assertThat(acknowledged).as("the new connection's message, not held behind the old one").containsExactly("new");
        onContext(() -> oldOneStored.complete(null));
        assertThat(acknowledged).as("the old one never: the broker sends it again").containsExactly("new");
    }

    private void onContext(Runnable action) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            try {
                action.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        done.get(5, TimeUnit.SECONDS);
    }

    private static MqttClient client() {
        return (MqttClient) Proxy.newProxyInstance(MqttClient.class.getClassLoader(), new Class<?>[] {MqttClient.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "isConnected" -> true;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> method.getReturnType().isInstance(proxy) ? proxy : null;
                });
    }

    private MqttPublishMessage message(String name) {
        return (MqttPublishMessage) Proxy.newProxyInstance(MqttPublishMessage.class.getClassLoader(), new Class<?>[] {MqttPublishMessage.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "topicName" -> "hearth/home/sensors/" + name;
                    case "payload" -> Buffer.buffer("{}");
                    case "qosLevel" -> MqttQoS.AT_LEAST_ONCE;
                    case "isRetain", "isDup" -> false;
                    case "ack" -> {
                        acknowledged.add(name);
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "message " + name;
                    default -> null;
                });
    }
}
