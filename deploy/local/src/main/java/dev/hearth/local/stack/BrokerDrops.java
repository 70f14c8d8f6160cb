package dev.hearth.local.stack;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Why the embedded broker dropped messages. HiveMQ CE counts dropped messages in one metric and says why only in its event
 * log ({@code event.message-dropped}, at debug level), which reaches this handler through SLF4J's java.util.logging
 * binding. A full queue means readings were lost because a client was away too long; an "Internal error" is the
 * orphan a crash left (see {@link PublishIdGuard}), a message its publisher sends again.
 */
final class BrokerDrops extends Handler {

    static final String QUEUE_FULL = "queue full";
    /** A queued message whose payload is missing: the orphan a crash leaves (see {@link PublishIdGuard}). */
    static final String INTERNAL_ERROR = "internal error";
    private static final String EVENT_LOGGER = "event.message-dropped";
    /** The event of a dropped PUBLISH (the same log also tells of other packets dropped, which the metric does not count). */
    private static final String PUBLISH_DROPPED = "Outgoing publish message was dropped";
    private static final String REASON = "reason: ";
    /** HiveMQ's reasons, as its event log words them, by the short name reported here. */
    private static final Map<String, String> REASONS = Map.of(
            "queue is full", QUEUE_FULL,
            "Internal error", INTERNAL_ERROR,
            "not writable", "client not writable (QoS 0)",
            "Extension prevented", "extension prevented");
    /** Kept here: java.util.logging holds its loggers weakly, and the level set on one would go with it. */
    private static Logger eventLog;

    private final Map<String, LongAdder> byReason = new ConcurrentHashMap<>();

    /** Listens to the broker's event log of drops in this JVM (one broker per JVM, as HiveMQ's statics demand). */
    static synchronized BrokerDrops listen() {
        eventLog = Logger.getLogger(EVENT_LOGGER);
        for (Handler old : eventLog.getHandlers()) {
            if (old instanceof BrokerDrops) {
                eventLog.removeHandler(old);
            }
        }
        BrokerDrops drops = new BrokerDrops();
        drops.setLevel(Level.ALL);
        eventLog.setLevel(Level.FINE);
        eventLog.setUseParentHandlers(false);
        eventLog.addHandler(drops);
        return drops;
    }

    /** Drops by reason since {@link #listen()}, in name order. */
    Map<String, Long> byReason() {
        Map<String, Long> counts = new TreeMap<>();
        byReason.forEach((reason, n) -> counts.put(reason, n.sum()));
        return counts;
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        String text = formatted(record);
        if (text.startsWith(PUBLISH_DROPPED)) {
            byReason.computeIfAbsent(reason(text), r -> new LongAdder()).increment();
        }
    }

    /** The event's text: SLF4J's java.util.logging binding formats it; a record still carrying {} gets its parameters. */
    private static String formatted(LogRecord record) {
        String message = String.valueOf(record.getMessage());
        Object[] parameters = record.getParameters();
        if (parameters == null) {
            return message;
        }
        StringBuilder text = new StringBuilder();
        int from = 0;
        for (Object parameter : parameters) {
            int at = message.indexOf("{}", from);
            if (at < 0) {
                break;
            }
            text.append(message, from, at).append(parameter);
            from = at + 2;
        }
        return text.append(message.substring(from)).toString();
    }

    /** The short name of the event's reason, read after its "reason: " (client ids and topics may hold any words). */
    static String reason(String eventText) {
        int at = eventText.lastIndexOf(REASON);
        String reason = at < 0 ? "" : eventText.substring(at + REASON.length());
        return REASONS.entrySet().stream().filter(e -> reason.contains(e.getKey())).map(Map.Entry::getValue).findFirst().orElse("other");
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
