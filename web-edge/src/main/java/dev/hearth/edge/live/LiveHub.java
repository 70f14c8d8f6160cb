package dev.hearth.edge.live;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.contract.topic.TopicFilter;
import dev.hearth.edge.state.RetainedState;
import dev.hearth.edge.state.StateChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;

/**
 * Who subscribed to what on {@code /ws/live}, and the fan-out of every state change to the matching connections, each
 * through its own {@link Outbox}: one ordered stream per connection, bounded however slowly it reads.
 */
@ApplicationScoped
public class LiveHub {

    /** Filters one connection may hold at once. */
    static final int MAX_FILTERS = 64;

    private static final class Client {
        final Set<String> filters = ConcurrentHashMap.newKeySet();
        final Outbox outbox;

        Client(Outbox outbox) {
            this.outbox = outbox;
        }
    }

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final RetainedState state;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public LiveHub(RetainedState state, ObjectMapper json, MeterRegistry metrics) {
        this.state = state;
        this.json = json;
        this.metrics = metrics;
        metrics.gauge("hearth.edge.ws.queued", clients, all -> all.values().stream().mapToInt(c -> c.outbox.waiting()).sum());
    }

    void open(WebSocketConnection connection) {
        Counter replaced = metrics.counter("hearth.edge.ws.replaced");
        clients.put(connection.id(), new Client(new Outbox(connection::sendText, () -> {
            metrics.counter("hearth.edge.ws.cut-off").increment();
            connection.close(new CloseReason(1008, "too many unread answers")).subscribe().with(ok -> {
            }, failure -> {
            });
        }, replaced::increment)));
    }

    void forget(String connectionId) {
        clients.remove(connectionId);
    }

    /** Sends an answer to one connection, after everything queued for it before. */
    void answer(String connectionId, String frame) {
        Client client = clients.get(connectionId);
        if (client != null) {
            client.outbox.answer(frame);
        }
    }

    /**
     * Adds filters, then queues the snapshot of what matches them, as one step with respect to updates: an update
     * queued before the snapshot is also in it, and one that comes later is queued after it. So no client sees a
     * value older than one it has already seen.
     *
     * @return null, or why the filters were refused (the connection would hold too many)
     */
    String subscribe(String connectionId, List<String> filters) {
        Client client = clients.get(connectionId);
        if (client == null) {
            return null;
        }
        synchronized (client.outbox) {
            long added = filters.stream().distinct().filter(f -> !client.filters.contains(f)).count();
            if (client.filters.size() + added > MAX_FILTERS) {
                return "at most " + MAX_FILTERS + " filters per connection: unsubscribe some first";
            }
            client.filters.addAll(filters);
            ObjectNode snapshot = json.createObjectNode().put("op", "snapshot");
            ArrayNode items = snapshot.putArray("items");
            for (RetainedState.Entry entry : state.matching(filters)) {
                ObjectNode item = items.addObject().put("topic", entry.topic());
                item.set("payload", json.valueToTree(entry.payload()));
            }
            client.outbox.answer(snapshot.toString());
            return null;
        }
    }

    void unsubscribe(String connectionId, List<String> filters) {
        Client client = clients.get(connectionId);
        if (client != null) {
            filters.forEach(client.filters::remove);
        }
    }

    void onChange(@Observes StateChange change) {
        if (change.payload() == null || clients.isEmpty()) {
            return;
        }
        String frame = null;
        for (Client client : clients.values()) {
            if (client.filters.stream().noneMatch(f -> TopicFilter.matches(f, change.topic()))) {
                continue;
            }
            if (frame == null) {
                ObjectNode update = json.createObjectNode().put("op", "update").put("topic", change.topic());
                update.set("payload", json.valueToTree(change.payload()));
                frame = update.toString();
            }
            client.outbox.update(change.topic(), frame);
        }
    }
}
