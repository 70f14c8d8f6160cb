package dev.hearth.control.mqtt;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.contract.Parsed;
import dev.hearth.contract.Rejection;
import dev.hearth.contract.Times;
import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.payload.Reading;
import dev.hearth.contract.topic.Topic;
import dev.hearth.contract.topic.TopicKind;
import dev.hearth.control.loop.Loops;
import dev.hearth.control.loop.LoopsConfig;
import dev.hearth.transport.IncomingMessage;
import dev.hearth.transport.RejectedMessages;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Readings from {@code hearth/{home}/sensors/+}, read by the contract's strict reader and handed to the loops that
 * watch that sensor. A reading stamped more than {@code hearth.control.clock-skew} ahead of this clock is refused
 * ({@code bad-time}). A malformed reading is counted and logged ({@link RejectedMessages}); it never reaches a
 * controller and never stops the intake.
 */
@ApplicationScoped
public class ReadingIntake {

    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final ControlTopics topics;
    private final Loops loops;
    private final RejectedMessages rejected;
    private final Duration clockSkew;

    public ReadingIntake(ControlTopics topics, Loops loops, MeterRegistry metrics, LoopsConfig config) {
        this.topics = topics;
        this.loops = loops;
        this.rejected = new RejectedMessages(metrics, ReadingIntake.class);
        this.clockSkew = config.clockSkew();
    }

    public CompletionStage<Void> handle(IncomingMessage message) {
        String topic = message.topic();
        Optional<Topic> reading = topics.parse(topic, TopicKind.READING);
        // Every reading is checked, watched or not: a sensor that sends garbage shows in the metrics before a loop needs it.
        if (reading.isPresent()) {
            Parsed<?> parsed = ContractReader.read(reading.get(), message.payload());
            if (!parsed.isOk()) {
                rejected.reject(TopicKind.READING, topic, parsed.rejection());
                return DONE;
            }
            Reading r = (Reading) parsed.value();
            // Held as the newest, a reading from the future would make every correct one after it look older (a loop
            // keeps the newest), and the loop stale until the wall clock passed it.
            Rejection ahead = Times.notFurtherInFuture("ts", r.ts(), Instant.now(), clockSkew);
            if (ahead != null) {
                rejected.reject(TopicKind.READING, topic, ahead);
            } else if (loops.watches(r.sensor())) {
                // The reading's own time, not its arrival: a retained or replayed old reading is not fresh.
                loops.reading(r.sensor(), r.value(), r.ts());
            }
        }
        return DONE;
    }
}
