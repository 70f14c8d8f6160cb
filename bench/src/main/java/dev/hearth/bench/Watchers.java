package dev.hearth.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** The clients that watch a run: browsers on web-edge's {@code /ws/live}, or MQTT-over-WebSocket clients of Mosquitto. */
final class Watchers implements AutoCloseable {

    private final List<AutoCloseable> clients = new ArrayList<>();

    /** {@code count} WebSocket clients of web-edge, each subscribed to {@code sensors/+}. */
    static Watchers webEdge(URI live, String user, String password, int count, Recorder recorder) throws Exception {
        Watchers w = new Watchers();
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < count; i++) {
            int client = i;
            CompletableFuture<Void> subscribed = new CompletableFuture<>();
            WebSocket ws = http.newWebSocketBuilder().header("Authorization", auth).buildAsync(live, new WebSocket.Listener() {
                private final StringBuilder partial = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                        String frame = partial.toString();
                        partial.setLength(0);
                        if (frame.startsWith("{\"op\":\"snapshot\"")) {
                            subscribed.complete(null);
                        } else if (frame.contains("sensors/bench-")) {
                            recorder.received(client, seqOf(frame), System.nanoTime());
                        }
                    }
                    socket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            ws.sendText("{\"op\":\"subscribe\",\"filters\":[\"sensors/+\"]}", true);
            subscribed.get(10, TimeUnit.SECONDS);
            w.clients.add(() -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS));
        }
        return w;
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
