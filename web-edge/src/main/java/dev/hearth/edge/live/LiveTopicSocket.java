package dev.hearth.edge.live;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.edge.json.StrictJson;
import dev.hearth.contract.topic.TopicFilter;
import dev.hearth.edge.state.RetainedState;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.Authenticated;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * {@code /ws/live}: live values of the home for browsers and scripts. A client subscribes with MQTT-style filters
 * relative to {@code hearth/{home}/}, gets one snapshot of what matches, then updates. A bad frame gets an error
 * frame and the connection stays open. The handshake needs credentials (see {@code application.properties}).
 */
@WebSocket(path = "/ws/live")
@Authenticated
public class LiveTopicSocket {

    static final int MAX_FILTERS = 64;

    private final LiveHub hub;
    private final RetainedState state;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public LiveTopicSocket(LiveHub hub, RetainedState state, ObjectMapper json, MeterRegistry metrics) {
        this.hub = hub;
        this.state = state;
        this.json = json;
        this.metrics = metrics;
    }

    /** What a client sends: {@code {"op":"subscribe","filters":["sensors/+"]}}, {@code unsubscribe} or {@code ping}. */
    public record ClientFrame(String op, List<String> filters) {
        static final String EXAMPLE = "{\"op\":\"subscribe\",\"filters\":[\"sensors/+\"]}";
    }

    @OnTextMessage
    public String onFrame(String text, WebSocketConnection connection) {
        ClientFrame frame;
        try {
            frame = StrictJson.read("A frame", text, ClientFrame.class, ClientFrame.EXAMPLE);
        } catch (StrictJson.BadInput e) {
            return error(e.getMessage());
        }
        String op = frame.op() == null ? "" : frame.op();
        switch (op) {
            case "ping":
                return "{\"op\":\"pong\"}";
            case "subscribe": {
                String problem = problem(frame.filters());
                if (problem != null) {
                    return error(problem);
                }
                // Subscribe before taking the snapshot: an update may then repeat a snapshot value, but none is missed.
                hub.subscribe(connection.id(), frame.filters());
                ObjectNode snapshot = json.createObjectNode().put("op", "snapshot");
                ArrayNode items = snapshot.putArray("items");
                for (RetainedState.Entry entry : state.matching(frame.filters())) {
                    ObjectNode item = items.addObject().put("topic", entry.topic());
                    item.set("payload", json.valueToTree(entry.payload()));
                }
                return snapshot.toString();
            }
            case "unsubscribe": {
                String problem = problem(frame.filters());
                if (problem != null) {
                    return error(problem);
                }
                hub.unsubscribe(connection.id(), frame.filters());
                return null;
            }
            default:
                return error("unknown op '" + op + "': use subscribe, unsubscribe or ping");
        }
    }

    @OnClose
    public void onClose(WebSocketConnection connection) {
        hub.forget(connection.id());
    }

    private static String problem(List<String> filters) {
        if (filters == null || filters.isEmpty()) {
            return "'filters' must be a non-empty array of topic filters like \"sensors/+\"";
        }
        if (filters.size() > MAX_FILTERS) {
            return "at most " + MAX_FILTERS + " filters per frame";
        }
        for (String f : filters) {
            String problem = f == null ? "every filter must be a string" : TopicFilter.problem(f);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private String error(String message) {
        metrics.counter("hearth.edge.ws.rejected").increment();
        return json.createObjectNode().put("op", "error").put("message", message).toString();
    }
}
