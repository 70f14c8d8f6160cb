package dev.hearth.local.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A plain JDK WebSocket client for tests of {@code /ws/live}: sends frames, records what comes back. */
public final class TestWebSocketClient implements AutoCloseable {

    private final WebSocket socket;
    private final List<String> frames;

    private TestWebSocketClient(WebSocket socket, List<String> frames) {
        this.socket = socket;
        this.frames = frames;
    }

    /** Connects with HTTP Basic credentials (null user: anonymously); fails as the handshake fails. */
    public static TestWebSocketClient connect(URI uri, String user, String password) throws Exception {
        return user == null ? connect(uri, Map.of()) : connect(uri, Map.of("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))));
    }

    /** Connects with these handshake headers (a bearer token, an Origin); fails as the handshake fails. */
    public static TestWebSocketClient connect(URI uri, Map<String, String> headers) throws Exception {
        return connect(uri, headers, true);
    }

    /**
     * Connects as a client that reads nothing until {@link #resume()}: what the server sends piles up in the socket,
     * as with a stalled browser tab.
     */
    public static TestWebSocketClient connectStalled(URI uri, Map<String, String> headers) throws Exception {
        return connect(uri, headers, false);
    }

    /** Starts reading what a stalled client left unread. */
    public void resume() {
        socket.request(1);
    }

    private static TestWebSocketClient connect(URI uri, Map<String, String> headers, boolean reading) throws Exception {
        if ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) {
            uri = URI.create(uri.toString().replaceFirst("^http", "ws"));
        }
        List<String> frames = new CopyOnWriteArrayList<>();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        StringBuilder partial = new StringBuilder();
        WebSocket socket = builder.buildAsync(uri, new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                if (reading) {
                    webSocket.request(1);
                }
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        return new TestWebSocketClient(socket, frames);
    }

    public void send(String frame) {
        socket.sendText(frame, true).join();
    }

    public List<String> frames() {
        return new ArrayList<>(frames);
    }

    /** Waits for the first frame that matches, failing with what did arrive when none does in time. */
    public String await(Predicate<String> match, Duration timeout) {
        return Poll.first(this::frames, match, timeout, () -> {
            List<String> all = frames();
            return "got " + all.size() + " WebSocket frames, last ones: " + all.subList(Math.max(0, all.size() - 5), all.size());
        });
    }

    public boolean isOpen() {
        return !socket.isInputClosed() && !socket.isOutputClosed();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
