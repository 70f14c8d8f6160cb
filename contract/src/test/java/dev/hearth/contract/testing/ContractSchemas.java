package dev.hearth.contract.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.hearth.contract.topic.TopicKind;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/**
 * Validates payloads against the JSON Schemas of the MQTT contract ({@code docs/schemas/*.schema.json}, packaged into
 * the contract jar), so that every service's tests check what it publishes against the one written contract. A second
 * implementation of the rules, independent of {@link dev.hearth.contract.json.ContractReader}: the contract's tests
 * prove that the two agree.
 */
public final class ContractSchemas {

    public static final String READING = "reading";
    public static final String ACTUATOR_STATE = "actuator-state";
    public static final String COMMAND = "command";
    public static final String MANIFEST = "manifest";
    public static final String LOOP_CONFIG = "loop-config";
    public static final String LOOP_STATUS = "loop-status";
    public static final String LOOP_CONFIG_CHANGE = "loop-config-change";
    public static final String LOOP_CONFIG_RESULT = "loop-config-result";
    public static final String LOOP_AUTOTUNE = "loop-autotune";
    public static final List<String> ALL = List.of(READING, ACTUATOR_STATE, COMMAND, MANIFEST, LOOP_CONFIG, LOOP_CONFIG_CHANGE,
            LOOP_CONFIG_RESULT, LOOP_STATUS, LOOP_AUTOTUNE);

    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private static final Map<String, Validator> VALIDATORS = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    /** As {@link #violations(String, String)}, for the raw bytes of a message. */
    public static List<String> violations(String schema, byte[] payload) {
        return violations(schema, new String(payload, StandardCharsets.UTF_8));
    }

    /** The schema's complaints about {@code payload}; empty when it conforms. */
    public static List<String> violations(String schema, String payload) {
        JsonObject json;
        try {
            // Parsed as RFC 8259 JSON: Vert.x's own parser would allow comments.
            json = new JsonObject(STRICT_JSON.readValue(payload, MAP));
        } catch (Exception e) {
            return List.of("not a JSON object: " + e.getMessage());
        }
        OutputUnit result = validator(schema).validate(json);
        if (Boolean.TRUE.equals(result.getValid())) {
            return List.of();
        }
        List<OutputUnit> errors = result.getErrors();
        if (errors == null || errors.isEmpty()) {
            return List.of(String.valueOf(result.getError()));
        }
        return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getError()).toList();
    }

    /** Throws an {@link AssertionError} naming every violation when {@code payload} breaks the contract. */
    public static void assertConforms(String schema, String payload) {
        List<String> violations = violations(schema, payload);
        if (!violations.isEmpty()) {
            throw new AssertionError("payload breaks the " + schema + " schema: " + violations + "\n" + payload);
        }
    }

    /** The schema's name for a topic kind's payload, or null for the plain-text gateway status (it has none). */
    public static String of(TopicKind kind) {
        return switch (kind) {
            case GATEWAY_STATUS -> null;
            case MANIFEST -> MANIFEST;
            case READING -> READING;
            case ACTUATOR_STATE -> ACTUATOR_STATE;
            case COMMAND -> COMMAND;
            case LOOP_CONFIG -> LOOP_CONFIG;
            case LOOP_CONFIG_SET -> LOOP_CONFIG_CHANGE;
            case LOOP_CONFIG_RESULT -> LOOP_CONFIG_RESULT;
            case LOOP_STATUS -> LOOP_STATUS;
            case LOOP_AUTOTUNE -> LOOP_AUTOTUNE;
        };
    }

    /** The valid examples the schema publishes ({@code examples}), as JSON text. */
    public static List<String> examples(String schema) {
        return schema(schema).getJsonArray("examples").stream().map(e -> ((JsonObject) e).encode()).toList();
    }

    private static Validator validator(String name) {
        return VALIDATORS.computeIfAbsent(name, n -> Validator.create(JsonSchema.of(schema(n)), new JsonSchemaOptions()
                .setDraft(Draft.DRAFT202012)
                .setBaseUri("https://hearth.invalid/schemas/")
                .setOutputFormat(OutputFormat.Basic)));
    }

    private static JsonObject schema(String name) {
        String resource = "hearth/schemas/" + name + ".schema.json";
        try (InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no contract schema " + resource);
            }
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }
}
