package dev.hearth.edge.live;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.contract.topic.TopicFilter;
import dev.hearth.edge.security.AccessChanged;
import dev.hearth.edge.state.RetainedState;
import dev.hearth.edge.state.StateChange;
import dev.hearth.transport.OwnedGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
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
        /** Filters whose snapshot is being built: their updates are noted, not sent, until the snapshot is queued. */
        final Set<String> pending = ConcurrentHashMap.newKeySet();
        final Outbox outbox;
        final WebSocketConnection connection;
        final String user;
        final String tokenId;

        Client(Outbox outbox, WebSocketConnection connection, String user, String tokenId) {
            this.outbox = outbox;
            this.connection = connection;
            this.user = user;
            this.tokenId = tokenId;
        }
    }

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final RetainedState state;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    /** Removed at the stop (see {@link OwnedGauges}). */
    private final OwnedGauges gauges;

    public LiveHub(RetainedState state, ObjectMapper json, MeterRegistry metrics) {
        this.state = state;
        this.json = json;
        this.metrics = metrics;
        this.gauges = new OwnedGauges(metrics);
        gauges.add(Gauge.builder("hearth.edge.ws.queued", clients, all -> all.values().stream().mapToInt(c -> c.outbox.waiting()).sum()));
    }

    @PreDestroy
    void stop() {
        gauges.close();
    }

    /** A new connection of {@code user} (and of the token {@code tokenId}, when it came in with one). */
    void open(WebSocketConnection connection, String user, String tokenId) {
        Counter replaced = metrics.counter("hearth.edge.ws.replaced");
        clients.put(connection.id(), new Client(new Outbox(connection::sendText, () -> {
            metrics.counter("hearth.edge.ws.cut-off").increment();
            close(connection, "too many unread answers");
        }, replaced::increment), connection, user, tokenId));
    }

    /** Ends the connections opened by a user whose access changed, or with a revoked token. */
    void onAccessChanged(@Observes AccessChanged change) {
        for (Client client : clients.values()) {
            if ((change.user() != null && change.user().equals(client.user))
                    || (change.tokenId() != null && change.tokenId().equals(client.tokenId))) {
                close(client.connection, "your access changed: connect again");
            }
        }
    }

    private static void close(WebSocketConnection connection, String reason) {
        connection.close(new CloseReason(1008, reason)).subscribe().with(ok -> {
        }, failure -> {
        });
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
     * Queues the snapshot of what the filters match, then their updates: no client sees a value older than one it has
     * already seen, and nothing of the new filters comes before their snapshot. The snapshot is built outside the
     * connection's lock (with thousands of topics that takes a while, and every update's fan-out waits for the lock);
     * meanwhile the new filters are pending: their updates are only noted. Any topic updated meanwhile (noted, or
     * queued or sent through an older filter) goes into the snapshot with the state's value at the moment the snapshot
     * is queued, which is at least as new, since the state changes before its update is fanned out.
     *
     * @return null, or why the filters were refused (the connection would hold too many)
     */
    String subscribe(String connectionId, List<String> filters) {
        Client client = clients.get(connectionId);
        if (client == null) {
            return null;
        }
        List<String> added;
        synchronized (client.outbox) {
            added = filters.stream().distinct().filter(f -> !client.filters.contains(f) && !client.pending.contains(f)).toList();
            if (client.filters.size() + client.pending.size() + added.size() > MAX_FILTERS) {
                return "at most " + MAX_FILTERS + " filters per connection: unsubscribe some first";
            }
            client.pending.addAll(added);
            client.outbox.mark();
        }
        Map<String, String> items = new LinkedHashMap<>();
        for (RetainedState.Entry entry : state.matching(filters)) {
            items.put(entry.topic(), item(entry));
        }
        synchronized (client.outbox) {
            for (String topic : client.outbox.updatedSinceMark()) {
                if (filters.stream().anyMatch(f -> TopicFilter.matches(f, topic))) {
                    client.outbox.dropUpdate(topic);
                    state.get(topic).ifPresent(now -> items.put(topic, item(now)));
                }
            }
            client.outbox.answer("{\"op\":\"snapshot\",\"items\":[" + String.join(",", items.values()) + "]}");
            client.filters.addAll(added);
            client.pending.removeAll(added);
        }
        return null;
    }

    private String item(RetainedState.Entry entry) {
        ObjectNode item = json.createObjectNode().put("topic", entry.topic());
        item.set("payload", json.valueToTree(entry.payload()));
        return item.toString();
    }

    void unsubscribe(String connectionId, List<String> filters) {
        Client client = clients.get(connectionId);
        if (client != null) {
            filters.forEach(client.filters::remove);
        }
    }

    /** A loop, not a stream: this runs for every update and every connection. */
    private static boolean anyMatches(Set<String> filters, String topic) {
        for (String filter : filters) {
            if (TopicFilter.matches(filter, topic)) {
                return true;
            }
        }
        return false;
    }

    void onChange(@Observes StateChange change) {
        if (change.payload() == null || clients.isEmpty()) {
            return;
        }
        String topic = change.topic();
        String frame = null;
        for (Client client : clients.values()) {
            // Decided under the connection's lock, so that a subscription's pending filters cannot become live between
            // the two checks (an update would then be neither sent nor noted).
            synchronized (client.outbox) {
                if (anyMatches(client.filters, topic)) {
                    if (frame == null) {
                        ObjectNode update = json.createObjectNode().put("op", "update").put("topic", topic);
                        update.set("payload", json.valueToTree(change.payload()));
                        frame = update.toString();
                    }
                    client.outbox.update(topic, frame);
                } else if (!client.pending.isEmpty() && anyMatches(client.pending, topic)) {
                    client.outbox.noteUpdated(topic);
                }
            }
        }
    }
}
