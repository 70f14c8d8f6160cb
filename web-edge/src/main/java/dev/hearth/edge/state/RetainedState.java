package dev.hearth.edge.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

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

    private static final Logger LOG = Logger.getLogger(RetainedState.class);

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Event<StateChange> changes;
    private final int maxTopics;
    private final Counter refused;
    private final AtomicBoolean full = new AtomicBoolean();

    public RetainedState(Event<StateChange> changes, @ConfigProperty(name = "hearth.edge.max-topics") int maxTopics,
            MeterRegistry metrics) {
        this.changes = changes;
        this.maxTopics = maxTopics;
        this.refused = metrics.counter("hearth.edge.state.refused");
    }

    /**
     * Keeps the topic's newest payload (null forgets the topic) and tells the WebSocket fan-out. A new topic past
     * {@code hearth.edge.max-topics} is refused and counted, so that a flood of made-up topics cannot fill memory;
     * topics already kept go on updating.
     */
    public void put(String topic, Object payload, Instant receivedAt) {
        if (payload == null) {
            entries.remove(topic);
        } else if (entries.size() >= maxTopics && !entries.containsKey(topic)) {
            refused.increment();
            if (full.compareAndSet(false, true)) {
                LOG.warnf("Keeping no more than %d topics (hearth.edge.max-topics): new topics are refused", maxTopics);
            }
            return;
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
