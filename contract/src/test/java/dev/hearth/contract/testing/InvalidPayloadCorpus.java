package dev.hearth.contract.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hearth.contract.Reason;
import dev.hearth.contract.topic.TopicKind;

/**
 * The shared corpus of invalid payloads: generated variations of every payload of the contract (each field missing,
 * null, of the wrong type, a number as a string, NaN, ±Infinity, 1e999, bad ids, malformed and out-of-window times,
 * overlong strings), whole-payload faults (truncated, not JSON, not an object, trailing bytes, oversize) and
 * hand-written cases. Every case names the {@link Reason} the reader must give. The contract's tests prove that the
 * JSON Schemas and the readers reject every one; each service's tests feed them to its real MQTT intake.
 */
public final class InvalidPayloadCorpus {

    /** One invalid payload for a topic kind, and the reason a reader must give. */
    public record Case(TopicKind kind, String name, byte[] payload, Reason reason) {

        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return kind.code() + ": " + name;
        }
    }

    private enum Type { ID, TEXT, UNIT, NUMBER, NULLABLE_NUMBER, GAIN, INTEGER, TIME, ENUM, BOOLEAN }

    private record Field(String name, Type type, boolean required, int maxLength, long min) {
        static Field of(String name, Type type) {
            return new Field(name, type, true, 0, 0);
        }

        Field optional() {
            return new Field(name, type, false, maxLength, min);
        }

        Field max(int length) {
            return new Field(name, type, required, length, min);
        }

        Field min(long value) {
            return new Field(name, type, required, maxLength, value);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stands in a serialised payload for a raw token Jackson would not write (NaN, 1e999). */
    private static final String RAW = "\u0000raw\u0000";

    private static final List<String> BAD_IDS = List.of("Living-Temp", "-leading-hyphen", "a/b", "a+b", "#", "", "x".repeat(65),
            "living temp", "wohnzimmer-ä", "living_temp");
    private static final List<String> BAD_TIMES = List.of("-5000-01-01T00:00:00Z", "+200000-01-01T00:00:00Z", "-5000-01-01T00:00:00.000Z",
            "1999-12-31T23:59:59.999Z", "2100-01-01T00:00:00.000Z", "1970-01-01T00:00:00.000Z", "2026-11-25T07:00:00Z",
            "2026-11-25T07:00:00.12Z", "2026-11-25T07:00:00.1234Z", "2026-11-25T07:00:00.123+01:00", "2026-11-25T07:00:00.123",
            "2026-11-25T24:00:00.000Z", "2026-12-31T23:59:60.000Z",
            "2026-11-25 07:00:00.123Z", "2026-13-25T07:00:00.123Z", "2026-11-25T24:00:00.123Z", "2026-11-25t07:00:00.123z",
            "yesterday", "");

    private static final Map<TopicKind, List<Field>> FIELDS = Map.of(
            TopicKind.READING, List.of(Field.of("sensor", Type.ID), Field.of("quantity", Type.ENUM), Field.of("value", Type.NUMBER),
                    Field.of("unit", Type.UNIT).max(32), Field.of("ts", Type.TIME), Field.of("seq", Type.INTEGER).min(0)),
            TopicKind.ACTUATOR_STATE, List.of(Field.of("actuator", Type.ID), Field.of("value", Type.NUMBER), Field.of("unit", Type.UNIT).max(32),
                    Field.of("ts", Type.TIME), Field.of("cause", Type.ENUM), Field.of("command", Type.TEXT).max(64).optional(),
                    Field.of("source", Type.TEXT).max(128).optional()),
            TopicKind.COMMAND, List.of(Field.of("id", Type.TEXT).max(64), Field.of("value", Type.NUMBER), Field.of("source", Type.TEXT).max(128),
                    Field.of("ts", Type.TIME), Field.of("ttlMs", Type.INTEGER).min(1).optional()),
            TopicKind.MANIFEST, List.of(Field.of("gateway", Type.ID), Field.of("version", Type.TEXT).max(64), Field.of("startedAt", Type.TIME),
                    Field.of("sensors[0].id", Type.ID), Field.of("sensors[0].name", Type.TEXT).max(128), Field.of("sensors[0].room", Type.ID),
                    Field.of("sensors[0].quantity", Type.ENUM), Field.of("sensors[0].unit", Type.UNIT).max(32),
                    Field.of("sensors[0].intervalMs", Type.INTEGER).min(1), Field.of("actuators[0].id", Type.ID),
                    Field.of("actuators[0].name", Type.TEXT).max(128), Field.of("actuators[0].kind", Type.ENUM),
                    Field.of("actuators[0].min", Type.NUMBER), Field.of("actuators[0].max", Type.NUMBER),
                    Field.of("actuators[0].failsafe", Type.NUMBER)),
            TopicKind.LOOP_CONFIG, List.of(Field.of("loop", Type.ID), Field.of("kind", Type.ENUM), Field.of("sensor", Type.ID),
                    Field.of("actuator", Type.ID), Field.of("mode", Type.ENUM), Field.of("setpoint", Type.NUMBER),
                    Field.of("setpointMin", Type.NUMBER).optional(), Field.of("kp", Type.GAIN).optional(), Field.of("ki", Type.GAIN).optional(),
                    Field.of("kd", Type.GAIN).optional(), Field.of("outputMin", Type.NUMBER), Field.of("outputMax", Type.NUMBER),
                    Field.of("sampleMs", Type.INTEGER).min(100), Field.of("coldTolerance", Type.GAIN).optional(),
                    Field.of("minCycleMs", Type.INTEGER).min(0).optional(), Field.of("cycleMs", Type.INTEGER).min(100).optional()),
            TopicKind.LOOP_CONFIG_SET, List.of(Field.of("requestId", Type.TEXT).max(64).optional(), Field.of("kind", Type.ENUM).optional(),
                    Field.of("sensor", Type.ID).optional(), Field.of("holdMs", Type.INTEGER).min(0).optional(),
                    Field.of("hotTolerance", Type.GAIN).optional(), Field.of("mode", Type.ENUM).optional(), Field.of("setpoint", Type.NUMBER).optional(),
                    Field.of("kp", Type.GAIN).optional(), Field.of("ki", Type.GAIN).optional(), Field.of("kd", Type.GAIN).optional(),
                    Field.of("outputMax", Type.NUMBER).optional(), Field.of("manualOutput", Type.NUMBER).optional(),
                    Field.of("sampleMs", Type.INTEGER).min(100).optional()),
            TopicKind.LOOP_STATUS, List.of(Field.of("loop", Type.ID), Field.of("ts", Type.TIME), Field.of("pv", Type.NULLABLE_NUMBER),
                    Field.of("sp", Type.NUMBER), Field.of("out", Type.NULLABLE_NUMBER), Field.of("p", Type.NUMBER), Field.of("i", Type.NUMBER),
                    Field.of("d", Type.NUMBER), Field.of("mode", Type.ENUM), Field.of("state", Type.ENUM)),
            TopicKind.LOOP_CONFIG_RESULT, List.of(Field.of("loop", Type.ID), Field.of("requestId", Type.TEXT).max(64).optional(),
                    Field.of("ts", Type.TIME), Field.of("accepted", Type.BOOLEAN), Field.of("reason", Type.TEXT).max(512).optional()),
            TopicKind.LOOP_AUTOTUNE, List.of(Field.of("loop", Type.ID), Field.of("ts", Type.TIME), Field.of("state", Type.ENUM),
                    Field.of("ku", Type.GAIN), Field.of("puMs", Type.INTEGER).min(1), Field.of("proposals[0].rule", Type.ID),
                    Field.of("proposals[0].kp", Type.GAIN), Field.of("proposals[1].kd", Type.GAIN)));

    /** The valid payload each kind's variations start from. */
    private static final Map<TopicKind, String> BASE = Map.of(
            TopicKind.READING, ContractSchemas.examples(ContractSchemas.READING).get(0),
            TopicKind.ACTUATOR_STATE, ContractSchemas.examples(ContractSchemas.ACTUATOR_STATE).get(0),
            TopicKind.COMMAND, ContractSchemas.examples(ContractSchemas.COMMAND).get(0),
            TopicKind.MANIFEST, ContractSchemas.examples(ContractSchemas.MANIFEST).get(0),
            TopicKind.LOOP_CONFIG, ContractSchemas.examples(ContractSchemas.LOOP_CONFIG).get(0),
            TopicKind.LOOP_CONFIG_SET, "{\"requestId\":\"r-1\",\"kind\":\"pid\",\"sensor\":\"living-temp\",\"mode\":\"auto\",\"setpoint\":22.5,"
                    + "\"kp\":0.5,\"ki\":0.003,\"kd\":0,\"outputMax\":1,\"manualOutput\":0.3,\"sampleMs\":5000,\"holdMs\":0,"
                    + "\"hotTolerance\":0.3}",
            TopicKind.LOOP_STATUS, ContractSchemas.examples(ContractSchemas.LOOP_STATUS).get(0),
            TopicKind.LOOP_CONFIG_RESULT, ContractSchemas.examples(ContractSchemas.LOOP_CONFIG_RESULT).get(1),
            TopicKind.LOOP_AUTOTUNE, ContractSchemas.examples(ContractSchemas.LOOP_AUTOTUNE).get(1));

    private static final List<Case> ALL = build();

    private InvalidPayloadCorpus() {
    }

    /** Every case, in a stable order. */
    public static List<Case> all() {
        return ALL;
    }

    /** The cases for the given kinds of topic. */
    public static List<Case> of(TopicKind... kinds) {
        List<TopicKind> wanted = Arrays.asList(kinds);
        return ALL.stream().filter(c -> wanted.contains(c.kind())).toList();
    }

    /** How many of {@code cases} a reader must reject for each reason code. */
    public static Map<String, Double> countByReason(List<Case> cases) {
        Map<String, Double> counts = new java.util.TreeMap<>();
        cases.forEach(c -> counts.merge(c.reason().code(), 1.0, Double::sum));
        return counts;
    }

    /** The valid payload the variations of {@code kind} start from (the gateway status has none: it is plain text). */
    public static String base(TopicKind kind) {
        return BASE.get(kind);
    }

    private static List<Case> build() {
        List<Case> cases = new ArrayList<>();
        FIELDS.keySet().stream().sorted().forEach(kind -> {
            String base = BASE.get(kind);
            for (Field field : FIELDS.get(kind)) {
                fieldCases(kind, base, field, cases);
            }
            wholePayloadCases(kind, base, cases);
        });
        handWritten(cases);
        return List.copyOf(cases);
    }

    private static void fieldCases(TopicKind kind, String base, Field f, List<Case> out) {
        Mutator m = new Mutator(kind, base, f.name(), out);
        if (f.required()) {
            m.remove(Reason.MISSING_FIELD);
        }
        if (f.type() != Type.NULLABLE_NUMBER) {
            m.set("null", null, Reason.WRONG_TYPE);
        }
        switch (f.type()) {
            case NUMBER, NULLABLE_NUMBER, GAIN -> {
                m.set("as a string", "21.5", Reason.WRONG_TYPE);
                m.set("true", true, Reason.WRONG_TYPE);
                m.set("an array", List.of(1), Reason.WRONG_TYPE);
                m.set("an object", Map.of("v", 1), Reason.WRONG_TYPE);
                m.raw("NaN", "NaN", Reason.NOT_JSON);
                m.raw("Infinity", "Infinity", Reason.NOT_JSON);
                m.raw("-Infinity", "-Infinity", Reason.NOT_JSON);
                m.raw("1e999", "1e999", Reason.NOT_FINITE);
                m.raw("-1e999", "-1e999", Reason.NOT_FINITE);
                if (f.type() == Type.GAIN) {
                    m.set("negative", -0.1, Reason.OUT_OF_RANGE);
                }
            }
            case INTEGER -> {
                m.set("a fraction", 1.5, Reason.WRONG_TYPE);
                m.set("as a string", "5000", Reason.WRONG_TYPE);
                m.set("true", true, Reason.WRONG_TYPE);
                m.raw("1e999", "1e999", Reason.WRONG_TYPE);
                m.set("below its minimum", f.min() - 1, Reason.OUT_OF_RANGE);
            }
            case TEXT, UNIT -> {
                m.set("a number", 42, Reason.WRONG_TYPE);
                m.set("an array", List.of("a"), Reason.WRONG_TYPE);
                m.set("overlong", "x".repeat(f.maxLength() + 1), Reason.OUT_OF_RANGE);
                if (f.type() == Type.TEXT) {
                    m.set("empty", "", Reason.OUT_OF_RANGE);
                }
            }
            case ID -> {
                m.set("a number", 42, Reason.WRONG_TYPE);
                for (String bad : BAD_IDS) {
                    m.set("'" + abbreviate(bad) + "'", bad, Reason.BAD_ID);
                }
            }
            case BOOLEAN -> {
                m.set("as a string", "true", Reason.WRONG_TYPE);
                m.set("a number", 1, Reason.WRONG_TYPE);
            }
            case ENUM -> {
                m.set("a number", 1, Reason.WRONG_TYPE);
                m.set("upper case", m.current().asText().toUpperCase(), Reason.BAD_VALUE);
                m.set("unknown", "unknown", Reason.BAD_VALUE);
                m.set("empty", "", Reason.BAD_VALUE);
            }
            case TIME -> {
                m.set("epoch millis", 1764054000000L, Reason.WRONG_TYPE);
                for (String bad : BAD_TIMES) {
                    m.set("'" + bad + "'", bad, Reason.BAD_TIME);
                }
            }
        }
    }

    private static void wholePayloadCases(TopicKind kind, String base, List<Case> out) {
        byte[] b = base.getBytes(StandardCharsets.UTF_8);
        add(out, kind, "empty", new byte[0], Reason.NOT_JSON);
        add(out, kind, "truncated to one byte", Arrays.copyOf(b, 1), Reason.NOT_JSON);
        add(out, kind, "truncated in half", Arrays.copyOf(b, b.length / 2), Reason.NOT_JSON);
        add(out, kind, "last byte cut", Arrays.copyOf(b, b.length - 1), Reason.NOT_JSON);
        add(out, kind, "trailing object", (base + "{}").getBytes(StandardCharsets.UTF_8), Reason.NOT_JSON);
        add(out, kind, "trailing comma", (base + ",").getBytes(StandardCharsets.UTF_8), Reason.NOT_JSON);
        for (String notAnObject : List.of("[]", "[" + base + "]", "42", "null", "true", "\"online\"")) {
            add(out, kind, "not an object: " + abbreviate(notAnObject), notAnObject.getBytes(StandardCharsets.UTF_8), Reason.NOT_JSON);
        }
        add(out, kind, "plain text", "hello, world".getBytes(StandardCharsets.UTF_8), Reason.NOT_JSON);
        add(out, kind, "binary", new byte[] { (byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0x80 }, Reason.NOT_JSON);
        add(out, kind, "single quotes", base.replace('"', '\'').getBytes(StandardCharsets.UTF_8), Reason.NOT_JSON);
        add(out, kind, "a comment", ("/* hi */" + base).getBytes(StandardCharsets.UTF_8), Reason.NOT_JSON);
        // Oversize: the first string field made huge, so the schema refuses it too (by maxLength, pattern or enum).
        String big = "x".repeat(kind == TopicKind.MANIFEST ? 300_000 : 20_000);
        ObjectNode node = parse(base);
        String firstText = kind == TopicKind.MANIFEST ? "version" : firstTextField(node);
        node.put(firstText, big);
        add(out, kind, "oversize (" + firstText + ")", node.toString().getBytes(StandardCharsets.UTF_8), Reason.TOO_LARGE);
    }

    private static void handWritten(List<Case> out) {
        String state = BASE.get(TopicKind.ACTUATOR_STATE);
        edit(out, TopicKind.ACTUATOR_STATE, "cause command without its command id", state, n -> n.remove("command"), Reason.MISSING_FIELD);
        edit(out, TopicKind.ACTUATOR_STATE, "cause command without its source", state, n -> n.remove("source"), Reason.MISSING_FIELD);
        String reading = BASE.get(TopicKind.READING);
        edit(out, TopicKind.READING, "seq beyond a long", reading, n -> n.put("seq", new java.math.BigInteger("99999999999999999999")),
                Reason.OUT_OF_RANGE);
        edit(out, TopicKind.READING, "value a numeric string with spaces", reading, n -> n.put("value", " 21.5 "), Reason.WRONG_TYPE);
        edit(out, TopicKind.MANIFEST, "sensors not an array", BASE.get(TopicKind.MANIFEST), n -> n.put("sensors", "living-temp"),
                Reason.WRONG_TYPE);
        edit(out, TopicKind.MANIFEST, "an actuator that is a string", BASE.get(TopicKind.MANIFEST),
                n -> n.withArray("actuators").add("living-heater"), Reason.WRONG_TYPE);
        edit(out, TopicKind.COMMAND, "ttlMs zero", BASE.get(TopicKind.COMMAND), n -> n.put("ttlMs", 0), Reason.OUT_OF_RANGE);
        add(out, TopicKind.LOOP_CONFIG_SET, "empty change", "{}".getBytes(StandardCharsets.UTF_8), Reason.MISSING_FIELD);
        add(out, TopicKind.LOOP_CONFIG_SET, "only a request id", "{\"requestId\":\"r-1\"}".getBytes(StandardCharsets.UTF_8),
                Reason.MISSING_FIELD);
        add(out, TopicKind.LOOP_CONFIG_SET, "remove false", "{\"remove\":false}".getBytes(StandardCharsets.UTF_8), Reason.BAD_VALUE);
        add(out, TopicKind.LOOP_CONFIG_RESULT, "refused without a reason",
                "{\"loop\":\"l\",\"ts\":\"2026-11-25T07:00:03.000Z\",\"accepted\":false}".getBytes(StandardCharsets.UTF_8),
                Reason.MISSING_FIELD);
        add(out, TopicKind.LOOP_AUTOTUNE, "failed without a reason",
                "{\"loop\":\"l\",\"ts\":\"2026-11-25T07:00:03.000Z\",\"state\":\"failed\"}".getBytes(StandardCharsets.UTF_8),
                Reason.MISSING_FIELD);
        add(out, TopicKind.LOOP_AUTOTUNE, "done without gains",
                "{\"loop\":\"l\",\"ts\":\"2026-11-25T07:00:03.000Z\",\"state\":\"done\",\"ku\":1,\"puMs\":60000}"
                        .getBytes(StandardCharsets.UTF_8), Reason.MISSING_FIELD);
        for (String status : List.of("ONLINE", "Offline", "on", "1", "{}", "online\n", " offline", "\"online\"", "gone")) {
            add(out, TopicKind.GATEWAY_STATUS, "'" + status.replace("\n", "\\n") + "'", status.getBytes(StandardCharsets.UTF_8),
                    Reason.BAD_VALUE);
        }
    }

    /** Sets or removes one field (a path like {@code sensors[0].id}) of a copy of the base payload. */
    private static final class Mutator {
        private final TopicKind kind;
        private final String base;
        private final String path;
        private final List<Case> out;

        Mutator(TopicKind kind, String base, String path, List<Case> out) {
            this.kind = kind;
            this.base = base;
            this.path = path;
            this.out = out;
        }

        JsonNode current() {
            ObjectNode n = parse(base);
            return parent(n).get(leaf());
        }

        void remove(Reason reason) {
            ObjectNode n = parse(base);
            parent(n).remove(leaf());
            add(out, kind, path + " missing", n.toString().getBytes(StandardCharsets.UTF_8), reason);
        }

        void set(String what, Object value, Reason reason) {
            ObjectNode n = parse(base);
            parent(n).set(leaf(), JSON.valueToTree(value));
            add(out, kind, path + " " + what, n.toString().getBytes(StandardCharsets.UTF_8), reason);
        }

        void raw(String what, String token, Reason reason) {
            ObjectNode n = parse(base);
            parent(n).put(leaf(), RAW);
            String text = n.toString().replace("\"" + RAW.replace("\u0000", "\\u0000") + "\"", token);
            add(out, kind, path + " " + what, text.getBytes(StandardCharsets.UTF_8), reason);
        }

        private ObjectNode parent(ObjectNode root) {
            int dot = path.indexOf('.');
            if (dot < 0) {
                return root;
            }
            String array = path.substring(0, path.indexOf('['));
            return (ObjectNode) root.withArray(array).get(0);
        }

        private String leaf() {
            return path.substring(path.indexOf('.') + 1);
        }
    }

    private static void edit(List<Case> out, TopicKind kind, String name, String base, Consumer<ObjectNode> change, Reason reason) {
        ObjectNode n = parse(base);
        change.accept(n);
        add(out, kind, name, n.toString().getBytes(StandardCharsets.UTF_8), reason);
    }

    private static void add(List<Case> out, TopicKind kind, String name, byte[] payload, Reason reason) {
        out.add(new Case(kind, name, payload, reason));
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException("a base payload of the corpus is not JSON: " + json, e);
        }
    }

    private static String firstTextField(ObjectNode node) {
        var names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (node.get(name).isTextual()) {
                return name;
            }
        }
        throw new IllegalStateException("no string field in " + node);
    }

    private static String abbreviate(String s) {
        return s.length() <= 24 ? s : s.substring(0, 24) + "…(" + s.length() + ")";
    }
}
