package dev.hearth.contract.json;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.contract.Ids;
import dev.hearth.contract.Parsed;
import dev.hearth.contract.Reason;
import dev.hearth.contract.Rejection;
import dev.hearth.contract.Times;
import dev.hearth.contract.payload.Coded;

/**
 * Strict access to the fields of one JSON object: each getter returns the typed value or throws a {@link Refusal}
 * naming the field. Unknown fields are never looked at (tolerant reader). Only the readers use this class: it is the
 * one place of Hearth that walks JSON trees.
 */
final class Fields {

    /** A field the contract refuses; caught by the reader and turned into a {@link Rejection}. */
    static final class Refusal extends Exception {
        final transient Rejection rejection;

        Refusal(Reason reason, String message) {
            super(message, null, false, false);
            this.rejection = new Rejection(reason, message);
        }
    }

    private final JsonNode node;
    private final String path;

    private Fields(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static Fields of(JsonNode node) throws Refusal {
        if (node == null || !node.isObject()) {
            throw new Refusal(Reason.NOT_JSON, "the payload must be a JSON object");
        }
        return new Fields(node, "");
    }

    private String name(String field) {
        return "'" + path + field + "'";
    }

    private JsonNode required(String field) throws Refusal {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new Refusal(Reason.MISSING_FIELD, name(field) + " is missing");
        }
        if (v.isNull()) {
            throw new Refusal(Reason.WRONG_TYPE, name(field) + " must not be null");
        }
        return v;
    }

    private boolean absent(String field) {
        JsonNode v = node.get(field);
        return v == null;
    }

    String text(String field, int maxLength) throws Refusal {
        return text(field, required(field), maxLength);
    }

    String optionalText(String field, int maxLength) throws Refusal {
        return absent(field) ? null : text(field, required(field), maxLength);
    }

    private String text(String field, JsonNode v, int maxLength) throws Refusal {
        if (!v.isTextual()) {
            throw new Refusal(Reason.WRONG_TYPE, name(field) + " must be a string");
        }
        String s = v.textValue();
        if (s.isEmpty() || s.length() > maxLength) {
            throw new Refusal(Reason.OUT_OF_RANGE, name(field) + " must have 1 to " + maxLength + " characters");
        }
        return s;
    }

    /** A string that may be empty (a unit: "" for a dimensionless count). */
    String textMaybeEmpty(String field, int maxLength) throws Refusal {
        JsonNode v = required(field);
        if (!v.isTextual()) {
            throw new Refusal(Reason.WRONG_TYPE, name(field) + " must be a string");
        }
        if (v.textValue().length() > maxLength) {
            throw new Refusal(Reason.OUT_OF_RANGE, name(field) + " must have at most " + maxLength + " characters");
        }
        return v.textValue();
    }

    String id(String field) throws Refusal {
        JsonNode v = required(field);
        if (!v.isTextual()) {
            throw new Refusal(Reason.WRONG_TYPE, name(field) + " must be a string");
        }
        if (!Ids.isValid(v.textValue())) {
            throw new Refusal(Reason.BAD_ID, name(field) + " '" + abbreviate(v.textValue()) + "' is not an id: ids match " + Ids.PATTERN);
        }
        return v.textValue();
    }

    String optionalId(String field) throws Refusal {
        return absent(field) ? null : id(field);
    }

    boolean has(String field) {
        return !absent(field);
    }

    <E extends Enum<E> & Coded> E oneOf(String field, Class<E> type) throws Refusal {
        JsonNode v = required(field);
        if (!v.isTextual()) {
            throw new Refusal(Reason.WRONG_TYPE, name(field) + " must be a string");
        }
        return Coded.of(type, v.textValue()).orElseThrow(() -> new Refusal(Reason.BAD_VALUE,
                name(field) + " must be " + Coded.codes(type) + ", not '" + abbreviate(v.textValue()) + "'"));
    }

    <E extends Enum<E> & Coded> E optionalOneOf(String field, Class<E> type) throws Refusal {
        return absent(field) ? null : oneOf(field, type);
    }

    double number(String field) throws Refusal {
        return number(field, required(field));
    }

    Double optionalNumber(String field) throws Refusal {
        return absent(field) ? null : number(field, required(field));
    }

    Boolean optionalBoolean(String field) throws Refusal {
        if (absent(field)) {
            return null;
        }
        JsonNode v = required(field);
        if (!v.isBoolean()) {
            throw new Refusal(Reason.WRONG_TYPE, name(field) + " must be true or false");
        }
        return v.booleanValue();
    }

    boolean bool(String field) throws Refusal {
        JsonNode v = required(field);
        if (!v.isBoolean()) {
            throw new Refusal(Reason.WRONG_TYPE, name(field) + " must be true or false");
        }
        return v.booleanValue();
    }

    /** A number that may be JSON null (a loop's {@code pv} before its first reading); required all the same. */
    Double nullableNumber(String field) throws Refusal {
        JsonNode v = node.get(field);
        if (v == null) {
            throw new Refusal(Reason.MISSING_FIELD, name(field) + " is missing (it may be null)");
        }
        return v.isNull() ? null : number(field, v);
    }

    double atLeast(String field, double min) throws Refusal {
        double v = number(field);
        requireAtLeast(field, v, min);
        return v;
    }

    Double optionalAtLeast(String field, double min) throws Refusal {
        Double v = optionalNumber(field);
        if (v != null) {
            requireAtLeast(field, v, min);
        }
        return v;
    }

    private void requireAtLeast(String field, double v, double min) throws Refusal {
        if (v < min) {
            throw new Refusal(Reason.OUT_OF_RANGE, name(field) + " must be at least " + min + ", not " + v);
        }
    }

    private double number(String field, JsonNode v) throws Refusal {
        if (!v.isNumber()) {
            throw new Refusal(Reason.WRONG_TYPE, name(field) + " must be a number" + (v.isTextual() ? ", not a string" : ""));
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            throw new Refusal(Reason.NOT_FINITE, name(field) + " must be a finite number");
        }
        return d;
    }

    long integer(String field, long min) throws Refusal {
        return integer(field, required(field), min);
    }

    Long optionalInteger(String field, long min) throws Refusal {
        return absent(field) ? null : integer(field, required(field), min);
    }

    private long integer(String field, JsonNode v, long min) throws Refusal {
        if (!v.isNumber() || !v.canConvertToExactIntegral()) {
            throw new Refusal(Reason.WRONG_TYPE, name(field) + " must be a whole number" + (v.isTextual() ? ", not a string" : ""));
        }
        BigInteger big = v.bigIntegerValue();
        if (big.bitLength() > 63 || big.longValue() < min) {
            throw new Refusal(Reason.OUT_OF_RANGE, name(field) + " must be a whole number from " + min + " to " + Long.MAX_VALUE);
        }
        return big.longValue();
    }

    Instant time(String field) throws Refusal {
        JsonNode v = required(field);
        if (!v.isTextual()) {
            throw new Refusal(Reason.WRONG_TYPE, name(field) + " must be a time string like 2026-11-25T07:00:00.123Z");
        }
        Parsed<Instant> t = Times.parse(path + field, v.textValue());
        if (!t.isOk()) {
            throw new Refusal(t.rejection().reason(), t.rejection().message());
        }
        return t.value();
    }

    /** The objects of an array field, each with its own {@link Fields} (messages then name {@code sensors[2].id}). */
    List<Fields> objects(String field, int maxItems) throws Refusal {
        JsonNode v = required(field);
        if (!v.isArray()) {
            throw new Refusal(Reason.WRONG_TYPE, name(field) + " must be an array");
        }
        if (v.size() > maxItems) {
            throw new Refusal(Reason.OUT_OF_RANGE, name(field) + " must have at most " + maxItems + " entries");
        }
        List<Fields> items = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            String itemPath = path + field + "[" + i + "].";
            if (!item.isObject()) {
                throw new Refusal(Reason.WRONG_TYPE, "'" + path + field + "[" + i + "]' must be an object");
            }
            items.add(new Fields(item, itemPath));
        }
        return items;
    }

    boolean isEmpty() {
        return node.isEmpty();
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
