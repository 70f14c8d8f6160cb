package dev.hearth.edge.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import dev.hearth.contract.topic.TopicFilter;


/**
 * The latest value of every topic of the home that web-edge has seen: what the REST API answers from and what a
 * WebSocket snapshot is made of. Keys are topics relative to {@code hearth/{home}/}.
 */
@ApplicationScoped
public class RetainedState {

    /** A topic's latest value (a payload record of the contract) and when it arrived here. */
    public record Entry(String topic, Object payload, Instant receivedAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Event<StateChange> changes;

    public RetainedState(Event<StateChange> changes) {
        this.changes = changes;
    }

    public void put(String topic, Object payload, Instant receivedAt) {
        if (payload == null) {
            entries.remove(topic);
        } else {
            entries.put(topic, new Entry(topic, payload, receivedAt));
        }
        changes.fire(new StateChange(topic, payload));
    }

    public Optional<Entry> get(String topic) {
        return Optional.ofNullable(entries.get(topic));
    }

    /** Every entry whose topic matches one of the filters, sorted by topic. */
    public List<Entry> matching(List<String> filters) {
        return entries.values().stream()
                .filter(e -> filters.stream().anyMatch(f -> TopicFilter.matches(f, e.topic())))
                .sorted(java.util.Comparator.comparing(Entry::topic))
                .toList();
    }
}
