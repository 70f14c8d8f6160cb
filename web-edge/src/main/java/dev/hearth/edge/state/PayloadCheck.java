package dev.hearth.edge.state;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The checks web-edge makes before it passes a payload on to REST and WebSocket clients: the id matches the topic,
 * values are finite numbers, times parse. Unknown fields and topics are let through (tolerant reader).
 */
public final class PayloadCheck {

    private PayloadCheck() {
    }

    /** Why the payload of {@code topic} (relative to the home) cannot be shown, or {@code null} when it can. */
    public static String problem(String topic, JsonNode payload) {
        String[] t = topic.split("/", -1);
        if (t.length == 2 && t[0].equals("sensors")) {
            return firstOf(id(payload, "sensor", t[1]), finite(payload, "value"), time(payload, "ts"));
        }
        if (t.length == 3 && t[0].equals("actuators") && t[2].equals("state")) {
            return firstOf(id(payload, "actuator", t[1]), finite(payload, "value"), time(payload, "ts"));
        }
        if (t.length == 3 && t[0].equals("gateways") && t[2].equals("manifest")) {
            return firstOf(id(payload, "gateway", t[1]),
                    payload.path("sensors").isArray() && payload.path("actuators").isArray() ? null
                            : "'sensors' and 'actuators' must be arrays");
        }
        if (t.length == 3 && t[0].equals("loops") && (t[2].equals("config") || t[2].equals("status"))) {
            return id(payload, "loop", t[1]);
        }
        return null;
    }

    private static String id(JsonNode payload, String field, String expected) {
        return expected.equals(payload.path(field).asText(null)) ? null : "'" + field + "' must be '" + expected + "' as in the topic";
    }

    private static String finite(JsonNode payload, String field) {
        JsonNode v = payload.get(field);
        return v != null && v.isNumber() && Double.isFinite(v.asDouble()) ? null : "'" + field + "' must be a finite number";
    }

    private static String time(JsonNode payload, String field) {
        try {
            Instant.parse(payload.path(field).asText(""));
            return null;
        } catch (DateTimeParseException e) {
            return "'" + field + "' must be an ISO-8601 UTC time";
        }
    }

    private static String firstOf(String... problems) {
        for (String p : problems) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }
}
