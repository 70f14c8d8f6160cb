package dev.hearth.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.gateway.safety.Command;

class CommandParserTest {

    private final CommandParser parser = new CommandParser(new ObjectMapper());

    private Command parse(String json) throws CommandParser.InvalidCommand {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAContractCommandAndIgnoresUnknownFields() throws Exception {
        Command c = parse("{\"id\":\"c-1\",\"value\":0.4,\"source\":\"loop:living-climate\",\"ts\":\"2026-11-25T07:00:00.123Z\",\"ttlMs\":30000,\"extra\":true}");
        assertThat(c.id()).isEqualTo("c-1");
        assertThat(c.value()).isEqualTo(0.4);
        assertThat(c.ts()).isEqualTo(Instant.parse("2026-11-25T07:00:00.123Z"));
        assertThat(c.ttlMs()).isEqualTo(30000L);
        assertThat(c.expiresAt()).isEqualTo(Instant.parse("2026-11-25T07:00:30.123Z"));
    }

    @Test
    void ttlIsOptional() throws Exception {
        assertThat(parse("{\"id\":\"c\",\"value\":1,\"source\":\"s\",\"ts\":\"2026-11-25T07:00:00.000Z\"}").ttlMs()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all                                                                  | not JSON",
            "[1,2]                                                                            | not a JSON object",
            "{\"value\":1,\"source\":\"s\",\"ts\":\"2026-11-25T07:00:00.000Z\"}               | 'id'",
            "{\"id\":\"c\",\"value\":\"1\",\"source\":\"s\",\"ts\":\"2026-11-25T07:00:00.000Z\"} | 'value'",
            "{\"id\":\"c\",\"value\":1,\"ts\":\"2026-11-25T07:00:00.000Z\"}                   | 'source'",
            "{\"id\":\"c\",\"value\":1,\"source\":\"s\",\"ts\":\"yesterday\"}                 | 'ts'",
            "{\"id\":\"c\",\"value\":1,\"source\":\"s\",\"ts\":\"2026-11-25T07:00:00.000Z\",\"ttlMs\":-5} | 'ttlMs'",
            "{\"id\":\"c\",\"value\":1,\"source\":\"s\",\"ts\":\"2026-11-25T07:00:00.000Z\",\"ttlMs\":1.5} | 'ttlMs'",
    })
    void refusesWithAMessageThatNamesTheProblem(String payload, String expected) {
        assertThatThrownBy(() -> parse(payload)).isInstanceOf(CommandParser.InvalidCommand.class).hasMessageContaining(expected.trim());
    }
}
