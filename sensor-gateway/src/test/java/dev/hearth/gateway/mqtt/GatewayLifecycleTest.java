package dev.hearth.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Manifest;

/** What the gateway says of itself when its clock is not set yet. */
class GatewayLifecycleTest {

    @Test
    void aStartBeforeTheClockIsSetStillGivesAManifestThatCanBeWritten() {
        // A Pi booted without network: its clock starts in 1970, outside the years a contract time may be.
        Instant startedAt = GatewayLifecycle.startedAt(Instant.ofEpochSecond(42));
        String written = ContractWriter.write(new Manifest("pi", "1", startedAt, List.of(), List.of()));
        assertThat(written).contains("\"startedAt\":\"2000-01-01T00:00:00.000Z\"");

        Instant now = Instant.parse("2026-11-28T12:00:00.123Z");
        assertThat(GatewayLifecycle.startedAt(now)).isEqualTo(now);
    }
}
