package dev.hearth.edge.state;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import dev.hearth.contract.Times;
import dev.hearth.contract.json.ContractWriter;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * web-edge's REST answers and WebSocket frames embed contract payloads; with the contract's module they are written
 * exactly as on the broker (times with three fraction digits, {@code stale-input} rather than {@code STALE_INPUT}), and
 * every other time of web-edge's answers (a user's {@code createdAt}) the same way.
 */
@Singleton
public class ContractJson implements ObjectMapperCustomizer {

    /** The contract's shape for a time outside its window too: a row stamped by a clock not yet set must not be a 500. */
    private static final DateTimeFormatter ANY_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(ContractWriter.module());
        mapper.registerModule(new SimpleModule("hearth-edge-times").addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(Times.inWindow(value) ? Times.format(value) : ANY_TIME.format(value));
            }
        }));
    }

    /**
     * Last, after Quarkus's own customizers: the module registered last wins, and Jackson's JavaTimeModule wrote the
     * times web-edge's own tables hold with as many fraction digits as the database gave (six, or nine).
     */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }
}
