package dev.hearth.contract.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import dev.hearth.contract.Times;
import dev.hearth.contract.payload.Coded;
import dev.hearth.contract.payload.GatewayStatus;

/**
 * One writer for every payload record of {@code dev.hearth.contract.payload}: field for field as in the contract,
 * times always UTC with exactly three fraction digits, closed sets as their lower-case codes. Thread-safe.
 */
public final class ContractWriter {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(module()).build();

    private ContractWriter() {
    }

    /**
     * The contract's formats as a Jackson module (times with three fraction digits, codes for closed sets), for a
     * service whose own API embeds contract payloads (web-edge's REST views) so they read there as on the broker.
     */
    public static SimpleModule module() {
        return new SimpleModule("hearth-contract")
                    .addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
                        @Override
                        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                            gen.writeString(Times.format(value));
                        }
                    })
                    .addSerializer(Coded.class, new StdSerializer<>(Coded.class) {
                        @Override
                        public void serialize(Coded value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                            gen.writeString(value.code());
                        }
                    });
    }

    /** The JSON of a payload record ({@link dev.hearth.contract.payload.Reading}, ...). */
    public static String write(Object payload) {
        if (payload instanceof GatewayStatus status) {
            return status.code();
        }
        try {
            return JSON.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + payload, e);
        }
    }

    public static byte[] bytes(Object payload) {
        return write(payload).getBytes(StandardCharsets.UTF_8);
    }
}
