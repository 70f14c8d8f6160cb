package dev.hearth.edge.state;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.contract.json.ContractWriter;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * web-edge's REST answers and WebSocket frames embed contract payloads; with the contract's module they are written
 * exactly as on the broker (times with three fraction digits, {@code stale-input} rather than {@code STALE_INPUT}).
 */
@Singleton
public class ContractJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(ContractWriter.module());
    }
}
