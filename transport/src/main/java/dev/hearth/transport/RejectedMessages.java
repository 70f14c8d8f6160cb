package dev.hearth.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

import dev.hearth.contract.Rejection;
import dev.hearth.contract.topic.TopicKind;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How a service refuses an MQTT message: every one counted in {@code hearth.mqtt.rejected{kind,reason}}, and logged as
 * a warning once a minute per topic and reason, the repeats at debug level. A sensor that keeps sending the same bad
 * thing (a gateway clock ahead, a reading every 5 s) must not fill a Pi's SD card with the same line, and the first
 * one must still be seen. Topics come from any publisher, so at most {@value #REMEMBERED} topic-reason pairs are
 * remembered: when a flood of new ones fills that within a minute, one warning says so and the rest of that minute
 * goes to debug level.
 */
public final class RejectedMessages {

    public static final String METER = "hearth.mqtt.rejected";
    static final long WARN_EVERY_MS = 60_000;
    static final int REMEMBERED = 1_000;
    private static final int MAX_KEY_TOPIC = 200;

    private final MeterRegistry metrics;
    private final Logger log;
    private final LongSupplier monotonicMs;
    private final Map<String, Long> warnedAt = new ConcurrentHashMap<>();
    private final AtomicLong floodWarnedAt = new AtomicLong(Long.MIN_VALUE);

    /** Logs in {@code owner}'s category, so a rejection reads as the refusing class's. */
    public RejectedMessages(MeterRegistry metrics, Class<?> owner) {
        this(metrics, owner, () -> System.nanoTime() / 1_000_000);
    }

    RejectedMessages(MeterRegistry metrics, Class<?> owner, LongSupplier monotonicMs) {
        this.metrics = metrics;
        this.log = Logger.getLogger(owner);
        this.monotonicMs = monotonicMs;
    }

    /** A payload the contract's reader refused on {@code topic}; returns whether it was logged as a warning. */
    public boolean reject(TopicKind kind, String topic, Rejection rejection) {
        return reject(kind.code(), topic, rejection.reason().code(), rejection.message());
    }

    /**
     * Counts and logs one refused message; returns whether it was logged as a warning. {@code kind} and
     * {@code reason} are the meter's tags: stable codes, never text from the message.
     */
    public boolean reject(String kind, String topic, String reason, String message) {
        metrics.counter(METER, "kind", kind, "reason", reason).increment();
        // A topic can be 64 KiB long: a thousand of them must not take 64 MB to remember.
        String key = (topic.length() > MAX_KEY_TOPIC ? topic.substring(0, MAX_KEY_TOPIC) : topic) + ' ' + reason;
        if (shouldWarn(key)) {
            log.warnf("Rejected a message on %s: %s (the same again on this topic within a minute is logged at debug level)", topic,
                    message);
            return true;
        }
        log.debugf("Rejected a message on %s: %s", topic, message);
        return false;
    }

    private boolean shouldWarn(String key) {
        long now = monotonicMs.getAsLong();
        Long last = warnedAt.get(key);
        if (last != null && now - last < WARN_EVERY_MS) {
            return false;
        }
        if (last == null && warnedAt.size() >= REMEMBERED) {
            // Whatever was warned about a minute ago may be warned about again anyway: only those are forgotten.
            warnedAt.values().removeIf(at -> now - at >= WARN_EVERY_MS);
            if (warnedAt.size() >= REMEMBERED) {
                long told = floodWarnedAt.get();
                if ((told == Long.MIN_VALUE || now - told >= WARN_EVERY_MS) && floodWarnedAt.compareAndSet(told, now)) {
                    log.warnf("Messages were rejected on more than %d topics within a minute; rejections on further topics are"
                            + " logged at debug level (all are counted in hearth_mqtt_rejected_total)", REMEMBERED);
                }
                return false;
            }
        }
        warnedAt.put(key, now);
        return true;
    }
}
