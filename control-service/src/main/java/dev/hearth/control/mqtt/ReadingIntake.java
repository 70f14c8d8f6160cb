package dev.hearth.control.mqtt;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

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
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Readings from {@code hearth/{home}/sensors/+}, read by the contract's strict reader and handed to the loops that
 * watch that sensor. A reading stamped more than {@code hearth.control.clock-skew} ahead of this clock is refused
 * ({@code bad-time}). A malformed reading is counted ({@code hearth_mqtt_rejected_total} by reason) and logged; it
 * never reaches a controller and never stops the intake.
 */
@ApplicationScoped
public class ReadingIntake {

    private static final Logger LOG = Logger.getLogger(ReadingIntake.class);
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final ControlTopics topics;
    private final Loops loops;
    private final MeterRegistry metrics;
    private final Duration clockSkew;
    private static final long WARN_EVERY_MS = 60_000;
    static final int WARNED_KEYS = 1_000;
    /** When each topic-reason pair was last logged as a warning (monotonic ms). */
    private final Map<String, Long> warned = new ConcurrentHashMap<>();

    public ReadingIntake(ControlTopics topics, Loops loops, MeterRegistry metrics, LoopsConfig config) {
        this.topics = topics;
        this.loops = loops;
        this.metrics = metrics;
        this.clockSkew = config.clockSkew();
    }

    public CompletionStage<Void> handle(IncomingMessage message) {
        String topic = message.topic();
        Optional<Topic> reading = topics.parse(topic, TopicKind.READING);
        // Every reading is checked, watched or not: a sensor that sends garbage shows in the metrics before a loop needs it.
        if (reading.isPresent()) {
            Parsed<?> parsed = ContractReader.read(reading.get(), message.payload());
            if (!parsed.isOk()) {
                reject(topic, parsed.rejection());
                return DONE;
            }
            Reading r = (Reading) parsed.value();
            // Held as the newest, a reading from the future would make every correct one after it look older (a loop
            // keeps the newest), and the loop stale until the wall clock passed it.
            Rejection ahead = Times.notFurtherInFuture("ts", r.ts(), Instant.now(), clockSkew);
            if (ahead != null) {
                reject(topic, ahead);
            } else if (loops.watches(r.sensor())) {
                // The reading's own time, not its arrival: a retained or replayed old reading is not fresh.
                loops.reading(r.sensor(), r.value(), r.ts());
            }
        }
        return DONE;
    }

    /**
     * Every rejection is counted; one topic's rejections for one reason are logged as a warning once a minute, so a
     * sensor that keeps sending the same bad thing (a gateway clock ahead, a reading per 5 s) does not fill a Pi's SD
     * card. At most {@value #WARNED_KEYS} topic-reason pairs are remembered: topics come from any publisher.
     */
    private void reject(String topic, Rejection rejection) {
        metrics.counter("hearth.mqtt.rejected", "kind", "reading", "reason", rejection.reason().code()).increment();
        String key = topic + " " + rejection.reason().code();
        long nowMs = System.nanoTime() / 1_000_000;
        Long last = warned.get(key);
        if (last != null && nowMs - last < WARN_EVERY_MS) {
            LOG.debugf("Rejected a reading on %s: %s", topic, rejection.message());
            return;
        }
        if (warned.size() >= WARNED_KEYS) {
            warned.clear();
        }
        warned.put(key, nowMs);
        LOG.warnf("Rejected a reading on %s: %s (the same again on this topic within a minute is logged at debug level)", topic,
                rejection.message());
    }
}
