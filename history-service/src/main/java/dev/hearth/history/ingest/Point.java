package dev.hearth.history.ingest;

import java.time.Instant;

import dev.hearth.contract.Parsed;
import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.payload.ActuatorState;
import dev.hearth.contract.payload.Reading;
import dev.hearth.contract.topic.Topic;

/** A point ready to store: a reading or an actuator state, as one value of its series at one instant. */
public record Point(String series, Instant ts, double value, Long seq) {

    /** Reads the payload of a reading or state topic with the contract's reader (which checks the id against the topic). */
    public static Parsed<Point> read(Topic topic, byte[] payload) {
        String series = HistoryTopics.seriesOf(topic);
        return ContractReader.read(topic, payload).map(p -> p instanceof Reading r
                ? new Point(series, r.ts(), r.value(), r.seq())
                : new Point(series, ((ActuatorState) p).ts(), ((ActuatorState) p).value(), null));
    }
}
