package dev.hearth.gateway.mqtt;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.gateway.safety.Command;

/**
 * Turns a Command payload into a {@link Command}, or says exactly what is wrong with it. Unknown fields are ignored
 * (tolerant reader); missing fields, wrong types and non-finite numbers are not.
 */
public final class CommandParser {

    /** A payload that is not a valid Command. */
    public static final class InvalidCommand extends Exception {
        public InvalidCommand(String message) {
            super(message);
        }
    }

    private final ObjectMapper json;

    public CommandParser(ObjectMapper json) {
        this.json = json;
    }

    public Command parse(byte[] payload) throws InvalidCommand {
        JsonNode node;
        try {
            node = json.readTree(payload);
        } catch (Exception e) {
            throw new InvalidCommand("not JSON: " + firstLine(e.getMessage()));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidCommand("not a JSON object");
        }
        String id = text(node, "id", 64);
        JsonNode value = node.get("value");
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw new InvalidCommand("'value' must be a finite number");
        }
        String source = text(node, "source", 128);
        Instant ts;
        try {
            ts = Instant.parse(text(node, "ts", 40));
        } catch (DateTimeParseException e) {
            throw new InvalidCommand("'ts' must be an ISO-8601 UTC time like 2026-11-25T07:00:00.123Z");
        }
        Long ttlMs = null;
        JsonNode ttl = node.get("ttlMs");
        if (ttl != null && !ttl.isNull()) {
            if (!ttl.canConvertToLong() || !ttl.isIntegralNumber() || ttl.asLong() <= 0) {
                throw new InvalidCommand("'ttlMs' must be a positive integer");
            }
            ttlMs = ttl.asLong();
        }
        return new Command(id, value.asDouble(), source, ts, ttlMs);
    }

    private static String text(JsonNode node, String field, int maxLength) throws InvalidCommand {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty() || v.asText().length() > maxLength) {
            throw new InvalidCommand("'" + field + "' must be a string of 1 to " + maxLength + " characters");
        }
        return v.asText();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
