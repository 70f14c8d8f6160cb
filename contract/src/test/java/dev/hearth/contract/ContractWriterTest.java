package dev.hearth.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.ActuatorState;
import dev.hearth.contract.payload.Cause;
import dev.hearth.contract.payload.Command;
import dev.hearth.contract.payload.GatewayStatus;
import dev.hearth.contract.payload.LoopMode;
import dev.hearth.contract.payload.LoopState;
import dev.hearth.contract.payload.LoopStatus;
import dev.hearth.contract.payload.Manifest;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.contract.testing.ContractSchemas;

class ContractWriterTest {

    private static final Instant WHOLE_SECOND = Instant.parse("2026-11-25T07:00:00Z");

    @Test
    void timesHaveExactlyThreeFractionDigitsEvenOnAWholeSecond() {
        String json = ContractWriter.write(new Reading("s", Quantity.LIGHT, 1, "bool", WHOLE_SECOND, 0));
        assertThat(json).contains("\"ts\":\"2026-11-25T07:00:00.000Z\"");
        assertThat(ContractWriter.write(new Reading("s", Quantity.LIGHT, 1, "bool", WHOLE_SECOND.plusNanos(123_456_789), 0)))
                .contains("\"ts\":\"2026-11-25T07:00:00.123Z\"");
    }

    @Test
    void everyPayloadItWritesConformsToItsSchemaAndReadsBackEqual() {
        Reading reading = new Reading("living-temp", Quantity.TEMPERATURE, 21.37, "°C", WHOLE_SECOND, 7);
        assertRoundTrip(ContractSchemas.READING, reading, ContractReader.reading(ContractWriter.bytes(reading)));
        ActuatorState state = new ActuatorState("living-heater", 0.4, "ratio", WHOLE_SECOND, Cause.COMMAND, "c-1", "user:admin");
        assertRoundTrip(ContractSchemas.ACTUATOR_STATE, state, ContractReader.actuatorState(ContractWriter.bytes(state)));
        ActuatorState expired = new ActuatorState("living-heater", 0, "ratio", WHOLE_SECOND, Cause.EXPIRED, null, null);
        assertThat(ContractWriter.write(expired)).doesNotContain("command").doesNotContain("source");
        assertRoundTrip(ContractSchemas.ACTUATOR_STATE, expired, ContractReader.actuatorState(ContractWriter.bytes(expired)));
        Command command = new Command("c-1", 1, "loop:l", WHOLE_SECOND, null);
        assertThat(ContractWriter.write(command)).doesNotContain("ttlMs");
        assertRoundTrip(ContractSchemas.COMMAND, command, ContractReader.command(ContractWriter.bytes(command)));
        Manifest manifest = new Manifest("sim-1", "0.1.0", WHOLE_SECOND,
                List.of(new Manifest.Sensor("living-temp", "Temperature", "living", Quantity.TEMPERATURE, "°C", 5000)),
                List.of(new Manifest.Actuator("living-heater", "Heater", "living", ActuatorKind.PWM, 0, 1, "ratio", 0)));
        assertRoundTrip(ContractSchemas.MANIFEST, manifest, ContractReader.manifest(ContractWriter.bytes(manifest)));
        LoopStatus stale = new LoopStatus("l", WHOLE_SECOND, null, 21, null, 0, 0, 0, LoopMode.AUTO, LoopState.STALE_INPUT);
        assertThat(ContractWriter.write(stale)).contains("\"pv\":null").contains("\"out\":null").contains("\"state\":\"stale-input\"");
        assertRoundTrip(ContractSchemas.LOOP_STATUS, stale, ContractReader.loopStatus(ContractWriter.bytes(stale)));
        assertThat(ContractWriter.write(GatewayStatus.OFFLINE)).isEqualTo("offline");
    }

    @Test
    void refusesToWriteATimeOutsideTheWindow() {
        assertThatThrownBy(() -> ContractWriter.write(new Reading("s", Quantity.LIGHT, 1, "", Instant.parse("1970-01-01T00:00:00Z"), 0)))
                .hasRootCauseInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRoundTrip(String schema, Object written, Parsed<?> readBack) {
        ContractSchemas.assertConforms(schema, new String(ContractWriter.bytes(written), StandardCharsets.UTF_8));
        assertThat(readBack.rejection()).isNull();
        assertThat(readBack.value()).isEqualTo(written);
    }
}
