package dev.hearth.edge.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;

import dev.hearth.contract.payload.Coded;

/**
 * Binds what people send (REST bodies, WebSocket frames) to typed records, as strictly as the MQTT contract reads its
 * payloads: no number from a string, no whole number from a fraction, no number too large for a double (JSON has no
 * infinity: {@code 1e999} would have gone on as "Infinity"), no duplicate keys, nothing after the value; closed sets by
 * their contract codes ({@code "manual"}). Unknown fields are ignored. A failure becomes a {@link BadInput} whose message names the field.
 */
public final class StrictJson {

    /** Input that does not bind; the message is meant for the sender. */
    public static final class BadInput extends Exception {
        public BadInput(String message) {
            super(message, null, false, false);
        }
    }

    private static final ObjectMapper JSON = strict();

    private StrictJson() {
    }

    /** {@code what} names the input in messages ("The body", "A frame"). */
    public static <T> T read(String what, String text, Class<T> type, String example) throws BadInput {
        try {
            T value = JSON.readValue(text == null ? "" : text, type);
            if (value == null) {
                throw new BadInput(what + " must be a JSON object like " + example);
            }
            return value;
        } catch (MismatchedInputException e) {
            // The innermost named field: in {"filters":[1]} the failing element is an index of 'filters'.
            String field = e.getPath().stream().map(JsonMappingException.Reference::getFieldName).filter(java.util.Objects::nonNull)
                    .reduce((first, second) -> second).orElse(null);
            if (field != null && e instanceof InvalidFormatException invalid) {
                if (invalid.getValue() instanceof Double d && !Double.isFinite(d)) {
                    throw new BadInput("'" + field + "' must be a finite number");
                }
                if (invalid.getTargetType() != null && invalid.getTargetType().isEnum()) {
                    throw new BadInput("'" + field + "' must be one of " + allowed(invalid.getTargetType()));
                }
            }
            throw new BadInput(field == null ? what + " must be a JSON object like " + example
                    : "'" + field + "' has the wrong type: send a JSON object like " + example);
        } catch (JsonProcessingException e) {
            if (e instanceof JsonParseException && e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                throw new BadInput(what + " names a field twice (" + e.getOriginalMessage().substring("Duplicate field ".length())
                        + "): send each once, in a JSON object like " + example);
            }
            throw new BadInput(what + " is not JSON; send a JSON object like " + example);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String allowed(Class<?> type) {
        if (Coded.class.isAssignableFrom(type)) {
            return Coded.codes((Class) type);
        }
        return java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(java.util.stream.Collectors.joining(", "));
    }

    /** A double that overflowed to infinity is refused where it is read, so the message can name its field. */
    private static final class FiniteDouble extends NumberDeserializers.DoubleDeserializer {
        FiniteDouble(Class<Double> type, Double empty) {
            super(type, empty);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext context) throws java.io.IOException {
            Double value = super.deserialize(p, context);
            if (value != null && !Double.isFinite(value)) {
                throw InvalidFormatException.from(p, "not a finite number", value, Double.class);
            }
            return value;
        }
    }

    private static ObjectMapper strict() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS) // {"mode":1} is not the second mode
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .addModule(new SimpleModule("finite-doubles").addDeserializer(Double.class, new FiniteDouble(Double.class, null))
                        .addDeserializer(double.class, new FiniteDouble(Double.TYPE, 0.0)))
                .build();
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
