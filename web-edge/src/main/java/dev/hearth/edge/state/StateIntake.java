package dev.hearth.edge.state;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hearth.contract.Parsed;
import dev.hearth.contract.payload.LoopConfigResult;
import dev.hearth.contract.payload.Reading;
import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.topic.HomeTopics;
import dev.hearth.contract.topic.Topic;
import dev.hearth.contract.topic.TopicKind;
import dev.hearth.transport.IncomingMessage;
import dev.hearth.transport.RejectedMessages;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Feeds {@link RetainedState} from every topic of the home ({@code hearth/{home}/#}), each payload read by the
 * contract's reader for its topic. A payload the contract refuses is counted and logged ({@link RejectedMessages}) and
 * left out, and the previous good value stays. Commands, loop changes and their results
 * are requests and replies, not state, and are not kept: a loop change's result is handed on as a CDI event (to
 * whoever waits for it, {@code LoopChanges}). An empty payload clears a retained value; a reading older than the one held is not kept (a spool's replay).
 */
@ApplicationScoped
public class StateIntake {

    private static final Logger LOG = Logger.getLogger(StateIntake.class);
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);
    private static final java.time.Duration HELD_AHEAD = java.time.Duration.ofMinutes(1);

    private final RetainedState state;
    private final RejectedMessages rejected;
    private final HomeTopics topics;
    private final Event<LoopConfigResult> results;

    public StateIntake(RetainedState state, MeterRegistry metrics, @ConfigProperty(name = "hearth.home") String home,
            Event<LoopConfigResult> results) {
        this.state = state;
        this.rejected = new RejectedMessages(metrics, StateIntake.class);
        this.results = results;
        this.topics = new HomeTopics(home);
    }

    public CompletionStage<Void> handle(IncomingMessage message) {
        String raw = message.topic();
        Optional<Topic> topic = topics.parse(raw);
        if (topic.isEmpty()) {
            LOG.debugf("Ignored %s: not a topic of the contract", raw);
        } else if (isState(topic.get().kind())) {
            keep(topic.get(), message.payload());
        } else if (topic.get().kind() == TopicKind.LOOP_CONFIG_RESULT) {
            read(topic.get(), message.payload()).ifPresent(result -> results.fire((LoopConfigResult) result));
        }
        return DONE;
    }

    /** Commands, loop changes and the answers to them are requests and replies, not the state of the home. */
    private static boolean isState(TopicKind kind) {
        return kind != TopicKind.COMMAND && kind != TopicKind.LOOP_CONFIG_SET && kind != TopicKind.LOOP_CONFIG_RESULT;
    }

    private void keep(Topic topic, byte[] payload) {
        if (payload == null || payload.length == 0) {
            state.put(topic.relative(), null, Instant.now());
            return;
        }
        Instant now = Instant.now();
        read(topic, payload).filter(value -> !olderThanHeld(topic, value, now)).ifPresent(value -> state.put(topic.relative(), value, now));
    }

    /**
     * A reading older than the one held is not the sensor's current value: a gateway's spool replays what it took while
     * the broker was away, and the dashboard would show an hour-old temperature as the latest. A held reading stamped
     * further ahead than {@link #HELD_AHEAD} (a gateway clock that was wrong and was set right) does not stand in the way.
     */
    private boolean olderThanHeld(Topic topic, Object value, Instant now) {
        if (!(value instanceof Reading reading)) {
            return false;
        }
        return state.get(topic.relative()).map(RetainedState.Entry::payload).filter(Reading.class::isInstance).map(Reading.class::cast)
                .filter(held -> !held.ts().isAfter(now.plus(HELD_AHEAD)))
                .map(held -> reading.ts().isBefore(held.ts())).orElse(false);
    }

    /** The payload as the contract reads it, or empty when it refuses it (counted and logged). */
    private Optional<Object> read(Topic topic, byte[] payload) {
        Parsed<?> parsed = ContractReader.read(topic, payload);
        if (parsed.isOk()) {
            return Optional.of(parsed.value());
        }
        rejected.reject(topic.kind(), topic.relative(), parsed.rejection());
        return Optional.empty();
    }
}
