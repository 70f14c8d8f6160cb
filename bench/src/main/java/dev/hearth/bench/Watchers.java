package dev.hearth.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;

/** The clients that watch a run: browsers on web-edge's {@code /ws/live}, or MQTT-over-WebSocket clients of Mosquitto. */
final class Watchers implements AutoCloseable {

    private final List<AutoCloseable> clients = new ArrayList<>();

    /**
     * {@code count} WebSocket clients of web-edge on Vert.x (java.net.http's client, one selector thread for all, fell
     * behind before web-edge did), each subscribed to {@code sensors/+}.
     */
    static Watchers webEdge(Vertx vertx, URI live, String user, String password, int count, Recorder recorder) throws Exception {
        Watchers w = new Watchers();
        HttpClient http = vertx.createHttpClient();
        for (int i = 0; i < count; i++) {
            int client = i;
            WebSocket ws = subscribed(http, live, user, password, "sensors/+", frame -> {
                if (frame.contains("sensors/bench-")) {
                    recorder.received(client, seqOf(frame), System.nanoTime());
                }
            });
            w.clients.add(() -> ws.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        }
        return w;
    }

    /** These clients and those. */
    Watchers and(Watchers more) {
        clients.addAll(more.clients);
        return this;
    }

    /**
     * One more web-edge client that subscribes to everything and then reads nothing (its socket paused), as a browser
     * tab that froze: web-edge must keep it bounded and the others on time.
     */
    static Watchers stalledWebEdge(Vertx vertx, URI live, String user, String password) throws Exception {
        Watchers w = new Watchers();
        WebSocket ws = subscribed(vertx.createHttpClient(), live, user, password, "#", frame -> {
        });
        ws.pause();
        w.clients.add(() -> ws.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        return w;
    }

    /** A dashboard left open: one client of {@code /ws/live} on everything, counting the frames it gets. */
    static Watchers dashboard(Vertx vertx, URI live, String user, String password, java.util.concurrent.atomic.AtomicLong frames)
            throws Exception {
        Watchers w = new Watchers();
        WebSocket ws = subscribed(vertx.createHttpClient(), live, user, password, "#", frame -> frames.incrementAndGet());
        w.clients.add(() -> ws.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
        return w;
    }

    /** A client of {@code /ws/live} with Basic credentials, once its snapshot of {@code filter} has come; then updates go to {@code updates}. */
    private static WebSocket subscribed(HttpClient http, URI live, String user, String password, String filter,
            java.util.function.Consumer<String> updates) throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        CompletableFuture<Void> subscribed = new CompletableFuture<>();
        WebSocket ws = http.webSocket(new WebSocketConnectOptions().setHost(live.getHost()).setPort(live.getPort()).setURI(live.getPath())
                .addHeader("Authorization", auth)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        ws.textMessageHandler(frame -> {
            if (frame.startsWith("{\"op\":\"snapshot\"")) {
                subscribed.complete(null);
            } else {
                updates.accept(frame);
            }
        });
        ws.writeTextMessage("{\"op\":\"subscribe\",\"filters\":[\"" + filter + "\"]}");
        subscribed.get(10, TimeUnit.SECONDS);
        return ws;
    }

    /** {@code count} MQTT-over-WebSocket clients of a broker's WebSocket listener, subscribed at QoS 0 like a browser. */
    static Watchers mqttOverWebSocket(int wsPort, String home, int count, Recorder recorder) throws Exception {
        Watchers w = new Watchers();
        for (int i = 0; i < count; i++) {
            int client = i;
            MqttClient mqtt = new MqttClient("ws://127.0.0.1:" + wsPort, "bench-ws-" + i, new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            options.setMaxInflight(1000);
            mqtt.connect(options);
            mqtt.subscribe("hearth/" + home + "/sensors/+", 0, (topic, message) -> {
                if (topic.contains("/bench-")) {
                    recorder.received(client, seqOf(new String(message.getPayload(), StandardCharsets.UTF_8)), System.nanoTime());
                }
            });
            w.clients.add(() -> {
                mqtt.disconnect();
                mqtt.close();
            });
        }
        return w;
    }

    /** {@code count} plain MQTT subscribers (Hearth's own transport, QoS 1): the broker's delivery alone, without web-edge. */
    static Watchers mqtt(Vertx vertx, int port, String home, int count, Recorder recorder) {
        Watchers w = new Watchers();
        for (int i = 0; i < count; i++) {
            int client = i;
            dev.hearth.transport.MqttSession session = new dev.hearth.transport.MqttSession(vertx,
                    dev.hearth.transport.MqttSettings.of("127.0.0.1", port, home, "bench-sub-" + i),
                    new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
            session.subscribe("hearth/" + home + "/sensors/+", 1, m -> {
                if (m.topic().contains("/bench-")) {
                    recorder.received(client, seqOf(new String(m.payload(), StandardCharsets.UTF_8)), System.nanoTime());
                }
                return null;
            }).start();
            for (int t = 0; t < 100 && !session.isConnected(); t++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            w.clients.add(session::close);
        }
        return w;
    }

    /** The reading's {@code seq}, found without a JSON parser (the watchers must not be the bottleneck). */
    static int seqOf(String json) {
        int at = json.indexOf("\"seq\":");
        if (at < 0) {
            return -1;
        }
        int end = at + 6;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return Integer.parseInt(json.substring(at + 6, end));
    }

    @Override
    public void close() {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception e) {
                // closing at the end of a run
            }
        }
    }
}
