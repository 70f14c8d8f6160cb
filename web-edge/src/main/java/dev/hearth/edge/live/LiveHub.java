package dev.hearth.edge.live;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.edge.state.StateChange;
import dev.hearth.contract.topic.TopicFilter;
import io.quarkus.websockets.next.OpenConnections;
import io.quarkus.websockets.next.WebSocketConnection;

/** Who subscribed to what on {@code /ws/live}, and the fan-out of every state change to the matching connections. */
@ApplicationScoped
public class LiveHub {

    private static final Logger LOG = Logger.getLogger(LiveHub.class);

    private final Map<String, Set<String>> filtersByConnection = new ConcurrentHashMap<>();
    private final OpenConnections connections;
    private final ObjectMapper json;

    public LiveHub(OpenConnections connections, ObjectMapper json) {
        this.connections = connections;
        this.json = json;
    }

    public void subscribe(String connectionId, List<String> filters) {
        filtersByConnection.computeIfAbsent(connectionId, k -> ConcurrentHashMap.newKeySet()).addAll(filters);
    }

    public void unsubscribe(String connectionId, List<String> filters) {
        Set<String> current = filtersByConnection.get(connectionId);
        if (current != null) {
            filters.forEach(current::remove);
        }
    }

    public void forget(String connectionId) {
        filtersByConnection.remove(connectionId);
    }

    void onChange(@Observes StateChange change) {
        if (change.payload() == null || filtersByConnection.isEmpty()) {
            return;
        }
        String frame = null;
        for (WebSocketConnection connection : connections) {
            Set<String> filters = filtersByConnection.get(connection.id());
            if (filters == null || filters.stream().noneMatch(f -> TopicFilter.matches(f, change.topic()))) {
                continue;
            }
            if (frame == null) {
                ObjectNode update = json.createObjectNode().put("op", "update").put("topic", change.topic());
                update.set("payload", json.valueToTree(change.payload()));
                frame = update.toString();
            }
            connection.sendText(frame).subscribe().with(ok -> {
            }, failure -> LOG.debugf("Update not sent to %s: %s", connection.id(), failure.toString()));
        }
    }
}
