package dev.hearth.local.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;

/**
 * Validates payloads against the JSON Schemas of the MQTT contract ({@code docs/schemas/*.schema.json}, packaged into
 * this jar), so that every service's tests check what it publishes against the one written contract.
 */
public final class ContractSchemas {

    public static final String READING = "reading";
    public static final String ACTUATOR_STATE = "actuator-state";
    public static final String COMMAND = "command";
    public static final String MANIFEST = "manifest";
    public static final String LOOP_CONFIG = "loop-config";
    public static final String LOOP_STATUS = "loop-status";

    private static final Map<String, Validator> VALIDATORS = new ConcurrentHashMap<>();

    private ContractSchemas() {
    }

    /** The schema's complaints about {@code payload}; empty when it conforms. */
    public static List<String> violations(String schema, String payload) {
        JsonObject json;
        try {
            json = new JsonObject(payload);
        } catch (RuntimeException e) {
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

    private static Validator validator(String name) {
        return VALIDATORS.computeIfAbsent(name, n -> {
            String resource = "hearth/schemas/" + n + ".schema.json";
            try (InputStream in = ContractSchemas.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no contract schema " + resource);
                }
                JsonObject schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                return Validator.create(JsonSchema.of(schema), new JsonSchemaOptions()
                        .setDraft(Draft.DRAFT202012)
                        .setBaseUri("https://hearth.invalid/schemas/")
                        .setOutputFormat(OutputFormat.Basic));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + resource, e);
            }
        });
    }
}
