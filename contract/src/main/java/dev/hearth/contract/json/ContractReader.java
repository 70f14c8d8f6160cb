package dev.hearth.contract.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.hearth.contract.Parsed;
import dev.hearth.contract.Reason;
import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.ActuatorState;
import dev.hearth.contract.payload.Cause;
import dev.hearth.contract.payload.Command;
import dev.hearth.contract.payload.GatewayStatus;
import dev.hearth.contract.payload.LoopConfig;
import dev.hearth.contract.payload.AutotuneReport;
import dev.hearth.contract.payload.AutotuneState;
import dev.hearth.contract.payload.LoopConfigChange;
import dev.hearth.contract.payload.LoopConfigResult;
import dev.hearth.contract.payload.LoopKind;
import dev.hearth.contract.payload.LoopMode;
import dev.hearth.contract.payload.LoopState;
import dev.hearth.contract.payload.LoopStatus;
import dev.hearth.contract.payload.Manifest;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.contract.topic.Topic;

/**
 * One strict reader per payload of the contract. Each returns the typed payload, or a {@link dev.hearth.contract.Rejection}
 * with a stable reason and a message naming the field. Unknown fields are ignored; missing fields, wrong types
 * (numbers sent as strings included), non-finite numbers, bad ids, times outside the contract's format or window,
 * duplicate keys, trailing bytes and oversize payloads are refused. Thread-safe.
 */
public final class ContractReader {

    /** The largest payload of any kind but a manifest. */
    public static final int MAX_BYTES = 16 * 1024;
    /** A manifest lists every sensor and actuator of a gateway. */
    public static final int MAX_MANIFEST_BYTES = 256 * 1024;
    public static final int MAX_UNIT = 32;
    public static final int MAX_NAME = 128;
    public static final int MAX_VERSION = 64;
    public static final int MAX_COMMAND_ID = 64;
    public static final int MAX_SOURCE = 128;
    public static final int MAX_ENTRIES = 1024;
    public static final int MAX_REASON = 512;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ContractReader() {
    }

    @FunctionalInterface
    private interface Body<T> {
        T read(Fields f) throws Fields.Refusal;
    }

    public static Parsed<Reading> reading(byte[] payload) {
        return read(payload, MAX_BYTES, f -> new Reading(f.id("sensor"), f.oneOf("quantity", Quantity.class), f.number("value"),
                f.textMaybeEmpty("unit", MAX_UNIT), f.time("ts"), f.integer("seq", 0)));
    }

    public static Parsed<ActuatorState> actuatorState(byte[] payload) {
        return read(payload, MAX_BYTES, f -> {
            ActuatorState s = new ActuatorState(f.id("actuator"), f.number("value"), f.textMaybeEmpty("unit", MAX_UNIT), f.time("ts"),
                    f.oneOf("cause", Cause.class), f.optionalText("command", MAX_COMMAND_ID), f.optionalText("source", MAX_SOURCE));
            if (s.cause() == Cause.COMMAND && (s.command() == null || s.source() == null)) {
                throw new Fields.Refusal(Reason.MISSING_FIELD, "'command' and 'source' are required when 'cause' is command");
            }
            return s;
        });
    }

    public static Parsed<Command> command(byte[] payload) {
        return read(payload, MAX_BYTES, f -> new Command(f.text("id", MAX_COMMAND_ID), f.number("value"), f.text("source", MAX_SOURCE),
                f.time("ts"), f.optionalInteger("ttlMs", 1)));
    }

    public static Parsed<Manifest> manifest(byte[] payload) {
        return read(payload, MAX_MANIFEST_BYTES, f -> {
            String gateway = f.id("gateway");
            String version = f.text("version", MAX_VERSION);
            var startedAt = f.time("startedAt");
            var sensors = new java.util.ArrayList<Manifest.Sensor>();
            for (Fields s : f.objects("sensors", MAX_ENTRIES)) {
                sensors.add(new Manifest.Sensor(s.id("id"), s.text("name", MAX_NAME), s.id("room"), s.oneOf("quantity", Quantity.class),
                        s.textMaybeEmpty("unit", MAX_UNIT), s.integer("intervalMs", 1)));
            }
            var actuators = new java.util.ArrayList<Manifest.Actuator>();
            for (Fields a : f.objects("actuators", MAX_ENTRIES)) {
                Manifest.Actuator actuator = new Manifest.Actuator(a.id("id"), a.text("name", MAX_NAME), a.id("room"),
                        a.oneOf("kind", ActuatorKind.class), a.number("min"), a.number("max"), a.textMaybeEmpty("unit", MAX_UNIT),
                        a.number("failsafe"));
                if (!(actuator.min() < actuator.max()) || actuator.failsafe() < actuator.min() || actuator.failsafe() > actuator.max()) {
                    throw new Fields.Refusal(Reason.OUT_OF_RANGE, "actuator '" + actuator.id() + "' needs min < max and its failsafe "
                            + "within them");
                }
                actuators.add(actuator);
            }
            return new Manifest(gateway, version, startedAt, sensors, actuators);
        });
    }

    public static Parsed<LoopConfig> loopConfig(byte[] payload) {
        return read(payload, MAX_BYTES, f -> {
            LoopConfig c = new LoopConfig(f.id("loop"), f.oneOf("kind", LoopKind.class), f.id("sensor"), f.id("actuator"),
                    f.oneOf("mode", LoopMode.class), f.number("setpoint"), f.optionalNumber("setpointMin"), f.optionalNumber("setpointMax"),
                    f.optionalAtLeast("kp", 0), f.optionalAtLeast("ki", 0), f.optionalAtLeast("kd", 0), f.number("outputMin"),
                    f.number("outputMax"), f.optionalNumber("manualOutput"), f.integer("sampleMs", 100), f.optionalAtLeast("coldTolerance", 0),
                    f.optionalAtLeast("hotTolerance", 0), f.optionalInteger("minCycleMs", 0), f.optionalInteger("holdMs", 0),
                    f.optionalInteger("cycleMs", 100));
            if (!(c.outputMin() < c.outputMax())) {
                throw new Fields.Refusal(Reason.OUT_OF_RANGE, "'outputMin' must be below 'outputMax'");
            }
            if ((c.setpointMin() != null && c.setpoint() < c.setpointMin()) || (c.setpointMax() != null && c.setpoint() > c.setpointMax())) {
                throw new Fields.Refusal(Reason.OUT_OF_RANGE, "'setpoint' " + c.setpoint() + " is outside its limits");
            }
            if (c.mode() == LoopMode.MANUAL && c.manualOutput() == null) {
                throw new Fields.Refusal(Reason.MISSING_FIELD, "'manualOutput' is required in manual mode");
            }
            return c;
        });
    }

    /** A partial LoopConfig: each present field is checked as in a LoopConfig; at least one must be present. */
    public static Parsed<LoopConfigChange> loopConfigChange(byte[] payload) {
        return read(payload, MAX_BYTES, f -> {
            LoopConfigChange c = new LoopConfigChange(f.optionalText("requestId", MAX_COMMAND_ID), f.optionalOneOf("kind", LoopKind.class),
                    f.optionalId("sensor"), f.optionalId("actuator"), f.optionalOneOf("mode", LoopMode.class), f.optionalNumber("setpoint"),
                    f.optionalNumber("setpointMin"), f.optionalNumber("setpointMax"), f.optionalAtLeast("kp", 0),
                    f.optionalAtLeast("ki", 0), f.optionalAtLeast("kd", 0), f.optionalNumber("outputMin"), f.optionalNumber("outputMax"),
                    f.optionalNumber("manualOutput"), f.optionalInteger("sampleMs", 100), f.optionalAtLeast("coldTolerance", 0),
                    f.optionalAtLeast("hotTolerance", 0), f.optionalInteger("minCycleMs", 0), f.optionalInteger("holdMs", 0),
                    f.optionalInteger("cycleMs", 100), f.optionalBoolean("remove"));
            if (!c.changesSomething()) {
                throw new Fields.Refusal(Reason.MISSING_FIELD, "a change must set at least one of kind, sensor, actuator, mode, setpoint, "
                        + "setpointMin, setpointMax, kp, ki, kd, outputMin, outputMax, manualOutput, sampleMs, coldTolerance, "
                        + "hotTolerance, minCycleMs, holdMs, cycleMs, remove");
            }
            if (Boolean.FALSE.equals(c.remove())) {
                throw new Fields.Refusal(Reason.BAD_VALUE, "'remove' can only be true");
            }
            return c;
        });
    }

    /**
     * The {@code requestId} of a LoopConfigChange the reader refused, when one can still be found in it (a JSON
     * object with a string {@code requestId} of at most 64 characters), so the refusal can be matched by its sender.
     */
    public static java.util.Optional<String> requestIdOf(byte[] payload) {
        try {
            JsonNode id = payload == null || payload.length > MAX_BYTES ? null : JSON.readTree(payload).get("requestId");
            return id != null && id.isTextual() && !id.textValue().isEmpty() && id.textValue().length() <= MAX_COMMAND_ID
                    ? java.util.Optional.of(id.textValue()) : java.util.Optional.empty();
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    public static Parsed<LoopConfigResult> loopConfigResult(byte[] payload) {
        return read(payload, MAX_BYTES, f -> {
            LoopConfigResult r = new LoopConfigResult(f.id("loop"), f.optionalText("requestId", MAX_COMMAND_ID), f.time("ts"),
                    f.bool("accepted"), f.optionalText("reason", MAX_REASON));
            if (!r.accepted() && r.reason() == null) {
                throw new Fields.Refusal(Reason.MISSING_FIELD, "'reason' is required when a change is not accepted");
            }
            return r;
        });
    }

    public static Parsed<AutotuneReport> autotuneReport(byte[] payload) {
        return read(payload, MAX_BYTES, f -> {
            AutotuneState state = f.oneOf("state", AutotuneState.class);
            List<AutotuneReport.Proposal> proposals = null;
            if (state == AutotuneState.DONE || f.has("proposals")) {
                proposals = new ArrayList<>();
                for (Fields p : f.objects("proposals", 8)) {
                    proposals.add(new AutotuneReport.Proposal(p.id("rule"), p.atLeast("kp", 0), p.atLeast("ki", 0), p.atLeast("kd", 0)));
                }
            }
            AutotuneReport r = new AutotuneReport(f.id("loop"), f.time("ts"), state, f.optionalText("reason", MAX_REASON),
                    state == AutotuneState.DONE ? Double.valueOf(f.atLeast("ku", 0)) : f.optionalAtLeast("ku", 0),
                    state == AutotuneState.DONE ? Long.valueOf(f.integer("puMs", 1)) : f.optionalInteger("puMs", 1), proposals);
            if (state == AutotuneState.FAILED && r.reason() == null) {
                throw new Fields.Refusal(Reason.MISSING_FIELD, "'reason' is required when an autotune failed");
            }
            return r;
        });
    }

    public static Parsed<LoopStatus> loopStatus(byte[] payload) {
        return read(payload, MAX_BYTES, f -> new LoopStatus(f.id("loop"), f.time("ts"), f.nullableNumber("pv"), f.number("sp"),
                f.nullableNumber("out"), f.number("p"), f.number("i"), f.number("d"), f.oneOf("mode", LoopMode.class),
                f.oneOf("state", LoopState.class)));
    }

    /** The plain-text {@code online} or {@code offline}. */
    public static Parsed<GatewayStatus> gatewayStatus(byte[] payload) {
        if (payload == null || payload.length > 16) {
            return Parsed.rejected(Reason.BAD_VALUE, "a gateway status is the plain text online or offline");
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        for (GatewayStatus s : GatewayStatus.values()) {
            if (s.code().equals(text)) {
                return Parsed.ok(s);
            }
        }
        return Parsed.rejected(Reason.BAD_VALUE, "a gateway status is the plain text online or offline, not '" + Fields.abbreviate(text) + "'");
    }

    /**
     * Reads the payload of a message on {@code topic} with that kind's reader, and checks that the id in the payload
     * (a reading's {@code sensor}, a state's {@code actuator}, ...) is the id in the topic.
     */
    public static Parsed<?> read(Topic topic, byte[] payload) {
        return switch (topic.kind()) {
            case GATEWAY_STATUS -> gatewayStatus(payload);
            case MANIFEST -> matching(topic, manifest(payload), Manifest::gateway, "gateway");
            case READING -> matching(topic, reading(payload), Reading::sensor, "sensor");
            case ACTUATOR_STATE -> matching(topic, actuatorState(payload), ActuatorState::actuator, "actuator");
            case COMMAND -> command(payload);
            case LOOP_CONFIG -> matching(topic, loopConfig(payload), LoopConfig::loop, "loop");
            case LOOP_CONFIG_SET -> loopConfigChange(payload);
            case LOOP_CONFIG_RESULT -> matching(topic, loopConfigResult(payload), LoopConfigResult::loop, "loop");
            case LOOP_STATUS -> matching(topic, loopStatus(payload), LoopStatus::loop, "loop");
            case LOOP_AUTOTUNE -> matching(topic, autotuneReport(payload), AutotuneReport::loop, "loop");
        };
    }

    private static <T> Parsed<T> matching(Topic topic, Parsed<T> parsed, Function<T, String> id, String field) {
        if (parsed.isOk() && !topic.id().equals(id.apply(parsed.value()))) {
            return Parsed.rejected(Reason.TOPIC_MISMATCH, "'" + field + "' is '" + id.apply(parsed.value()) + "' but the topic names '"
                    + topic.id() + "'");
        }
        return parsed;
    }

    private static <T> Parsed<T> read(byte[] payload, int maxBytes, Body<T> body) {
        if (payload == null || payload.length == 0) {
            return Parsed.rejected(Reason.NOT_JSON, "the payload is empty");
        }
        if (payload.length > maxBytes) {
            return Parsed.rejected(Reason.TOO_LARGE, "the payload has " + payload.length + " bytes; at most " + maxBytes + " are allowed");
        }
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (Exception e) {
            return Parsed.rejected(Reason.NOT_JSON, "not JSON: " + firstLine(e.getMessage()));
        }
        try {
            return Parsed.ok(body.read(Fields.of(node)));
        } catch (Fields.Refusal r) {
            return Parsed.rejected(r.rejection);
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : Fields.abbreviate(s.lines().findFirst().orElse(""));
    }
}
