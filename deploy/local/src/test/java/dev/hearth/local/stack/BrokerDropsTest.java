package dev.hearth.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

/** HiveMQ's event log lines of drops, as SLF4J hands them to java.util.logging, counted by their reason only. */
class BrokerDropsTest {

    private static final String PUBLISH = "Outgoing publish message was dropped. Receiving client: {}, topic: {}, qos: {}, reason: {}.";

    @Test
    void countsDroppedPublishesByTheirReasonNotByTheWordsOfClientOrTopic() {
        BrokerDrops drops = new BrokerDrops();
        drops.publish(record(PUBLISH, "queue is full", "hearth/home/Internal error", 1, "Internal error"));
        drops.publish(record(PUBLISH, "history", "hearth/home/sensors/t", 1, "The client message queue is full"));
        drops.publish(record("Outgoing publish message was dropped. Receiving client: web, topic: a, qos: 0, reason: The tcp socket was not writable.",
                (Object[]) null));
        drops.publish(record("Outgoing publish message was dropped. Receiving client: x, topic: a, qos: 0, reason: something new.", (Object[]) null));
        // Not a PUBLISH, and not in HiveMQ's drop metric either.
        drops.publish(record("Outgoing MQTT packet was dropped. Receiving client: {}, messageType: {}, reason: {}.", "x", "PUBACK",
                "The client message queue is full"));

        assertThat(drops.byReason()).isEqualTo(Map.of(BrokerDrops.INTERNAL_ERROR, 1L, BrokerDrops.QUEUE_FULL, 1L,
                "client not writable (QoS 0)", 1L, "other", 1L));
    }

    private static LogRecord record(String message, Object... parameters) {
        LogRecord record = new LogRecord(Level.FINE, message);
        record.setParameters(parameters);
        return record;
    }
}
