package dev.hearth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.testing.ContractSchemas;
import dev.hearth.contract.testing.InvalidPayloadCorpus;
import dev.hearth.contract.topic.TopicKind;

/**
 * The published JSON Schemas and the readers are two implementations of one contract: every valid example of
 * {@code docs/contract.md} and {@code docs/schemas} passes both, and every case of the invalid corpus fails both (the
 * reader with the reason the corpus names).
 */
class ContractAgreementTest {

    static Stream<Arguments> validExamples() throws IOException {
        List<Arguments> examples = new ArrayList<>();
        for (TopicKind kind : TopicKind.values()) {
            String schema = ContractSchemas.of(kind);
            if (schema != null) {
                ContractSchemas.examples(schema).forEach(e -> examples.add(Arguments.of(kind, "schema " + schema, e)));
            }
        }
        for (String block : jsonBlocksOfContractMd()) {
            examples.add(Arguments.of(kindOf(block), "docs/contract.md", block));
        }
        return examples.stream();
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("validExamples")
    void everyValidExamplePassesTheSchemaAndTheReader(TopicKind kind, String from, String example) {
        assertThat(ContractSchemas.violations(ContractSchemas.of(kind), example)).as(example).isEmpty();
        Parsed<?> parsed = read(kind, example.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.rejection()).as(example).isNull();
    }

    @Test
    void contractMdShowsAnExampleOfEveryJsonPayload() throws IOException {
        List<TopicKind> shown = jsonBlocksOfContractMd().stream().map(ContractAgreementTest::kindOf).toList();
        assertThat(shown).contains(TopicKind.READING, TopicKind.ACTUATOR_STATE, TopicKind.COMMAND, TopicKind.MANIFEST,
                TopicKind.LOOP_CONFIG, TopicKind.LOOP_CONFIG_SET, TopicKind.LOOP_CONFIG_RESULT, TopicKind.LOOP_STATUS,
                TopicKind.LOOP_AUTOTUNE);
    }

    @Test
    void theCorpusIsLargeAndCoversEveryKindAndReason() {
        assertThat(InvalidPayloadCorpus.all()).hasSizeGreaterThanOrEqualTo(200);
        assertThat(InvalidPayloadCorpus.all().stream().map(InvalidPayloadCorpus.Case::kind).distinct()).containsExactlyInAnyOrder(TopicKind.values());
        assertThat(InvalidPayloadCorpus.all().stream().map(InvalidPayloadCorpus.Case::reason).distinct()).contains(Reason.NOT_JSON,
                Reason.MISSING_FIELD, Reason.WRONG_TYPE, Reason.NOT_FINITE, Reason.OUT_OF_RANGE, Reason.BAD_VALUE, Reason.BAD_ID,
                Reason.BAD_TIME, Reason.TOO_LARGE);
    }

    static Stream<InvalidPayloadCorpus.Case> corpus() {
        return InvalidPayloadCorpus.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyInvalidPayloadIsRejectedByTheReaderForItsReason(InvalidPayloadCorpus.Case c) {
        Parsed<?> parsed = read(c.kind(), c.payload());
        assertThat(parsed.rejection()).as("%s accepted: %s", c, c.text()).isNotNull();
        assertThat(parsed.rejection().reason()).as("%s: %s", c, parsed.rejection().message()).isEqualTo(c.reason());
        assertThat(parsed.rejection().message()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyInvalidPayloadIsRejectedByTheSchema(InvalidPayloadCorpus.Case c) {
        String schema = ContractSchemas.of(c.kind());
        if (schema != null) { // the gateway status is plain text: it has no JSON Schema
            assertThat(ContractSchemas.violations(schema, c.payload())).as("schema %s accepted %s", schema, c).isNotEmpty();
        }
    }

    private static Parsed<?> read(TopicKind kind, byte[] payload) {
        return switch (kind) {
            case GATEWAY_STATUS -> ContractReader.gatewayStatus(payload);
            case MANIFEST -> ContractReader.manifest(payload);
            case READING -> ContractReader.reading(payload);
            case ACTUATOR_STATE -> ContractReader.actuatorState(payload);
            case COMMAND -> ContractReader.command(payload);
            case LOOP_CONFIG -> ContractReader.loopConfig(payload);
            case LOOP_CONFIG_SET -> ContractReader.loopConfigChange(payload);
            case LOOP_CONFIG_RESULT -> ContractReader.loopConfigResult(payload);
            case LOOP_STATUS -> ContractReader.loopStatus(payload);
            case LOOP_AUTOTUNE -> ContractReader.autotuneReport(payload);
        };
    }

    private static List<String> jsonBlocksOfContractMd() throws IOException {
        try (InputStream in = ContractAgreementTest.class.getClassLoader().getResourceAsStream("hearth/docs/contract.md")) {
            String md = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher m = Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(md);
            List<String> blocks = new ArrayList<>();
            while (m.find()) {
                blocks.add(m.group(1).trim());
            }
            return blocks;
        }
    }

    /** Which payload a contract.md example is, by the field it leads with. */
    private static TopicKind kindOf(String json) {
        String first = json.substring(json.indexOf('"') + 1, json.indexOf('"', json.indexOf('"') + 1));
        return switch (first) {
            case "sensor" -> TopicKind.READING;
            case "actuator" -> TopicKind.ACTUATOR_STATE;
            case "id" -> TopicKind.COMMAND;
            case "gateway" -> TopicKind.MANIFEST;
            case "loop" -> json.contains("\"kind\"") ? TopicKind.LOOP_CONFIG
                    : json.contains("\"accepted\"") ? TopicKind.LOOP_CONFIG_RESULT
                    : json.contains("\"sp\"") ? TopicKind.LOOP_STATUS : TopicKind.LOOP_AUTOTUNE;
            default -> TopicKind.LOOP_CONFIG_SET;
        };
    }
}
