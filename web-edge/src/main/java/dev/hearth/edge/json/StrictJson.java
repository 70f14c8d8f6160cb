package dev.hearth.edge.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/**
 * Binds what people send (REST bodies, WebSocket frames) to typed records, as strictly as the MQTT contract reads its
 * payloads: no number from a string, no whole number from a fraction, no duplicate keys, nothing after the value.
 * Unknown fields are ignored. A failure becomes a {@link BadInput} whose message names the field.
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
            String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
            throw new BadInput(field == null ? what + " must be a JSON object like " + example
                    : "'" + field + "' has the wrong type: send a JSON object like " + example);
        } catch (JsonProcessingException e) {
            throw new BadInput(what + " is not JSON; send a JSON object like " + example);
        }
    }

    private static ObjectMapper strict() {
        JsonMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }
}
