package dev.hearth.history.ingest;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns a Reading or ActuatorState payload into a point of its series, or says what is wrong with it. Unknown fields
 * are ignored; a missing or mistyped field, a non-finite value, or an id that does not match the topic is refused.
 */
public final class PointParser {

    /** A point ready to store. */
    public record Point(String series, Instant ts, double value, Long seq) {
    }

    /** A payload that cannot be stored. */
    public static final class InvalidPoint extends Exception {
        public InvalidPoint(String message) {
            super(message);
        }
    }

    private final ObjectMapper json;

    public PointParser(ObjectMapper json) {
        this.json = json;
    }

    public Point parse(String series, byte[] payload) throws InvalidPoint {
        JsonNode node;
        try {
            node = json.readTree(payload);
        } catch (Exception e) {
            throw new InvalidPoint("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidPoint("not a JSON object");
        }
        String[] parts = series.split("/", 2);
        String idField = parts[0].equals("sensors") ? "sensor" : "actuator";
        if (!parts[1].equals(node.path(idField).asText(null))) {
            throw new InvalidPoint("'" + idField + "' must be '" + parts[1] + "' as in the topic");
        }
        JsonNode value = node.get("value");
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new InvalidPoint("'value' must be a finite number");
        }
        JsonNode ts = node.get("ts");
        Instant instant;
        try {
            instant = Instant.parse(ts == null ? "" : ts.asText());
        } catch (DateTimeParseException e) {
            throw new InvalidPoint("'ts' must be an ISO-8601 UTC time like 2026-11-25T07:00:00.123Z");
        }
        JsonNode seq = node.get("seq");
        Long sequence = null;
        if (seq != null && !seq.isNull()) {
            if (!seq.isIntegralNumber() || seq.asLong() < 0) {
                throw new InvalidPoint("'seq' must be a non-negative integer");
            }
            sequence = seq.asLong();
        }
        return new Point(series, instant, value.asDouble(), sequence);
    }
}
