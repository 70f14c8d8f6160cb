package dev.hearth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.payload.Cause;
import dev.hearth.contract.payload.Command;
import dev.hearth.contract.payload.GatewayStatus;
import dev.hearth.contract.payload.LoopMode;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.contract.topic.HomeTopics;

/** The rules the JSON Schemas cannot say, and the typed values the readers give. */
class ContractReaderTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAReadingIntoItsRecord() {
        Reading r = ContractReader.reading(b("{\"sensor\":\"living-temp\",\"quantity\":\"temperature\",\"value\":21.37,\"unit\":\"°C\","
                + "\"ts\":\"2026-11-25T07:00:00.123Z\",\"seq\":1842,\"extra\":{\"ignored\":true}}")).orElseThrow();
        assertThat(r).isEqualTo(new Reading("living-temp", Quantity.TEMPERATURE, 21.37, "°C", Instant.parse("2026-11-25T07:00:00.123Z"), 1842));
    }

    @Test
    void aWholeNumberWrittenAsADecimalIsStillAWholeNumber() {
        // JSON Schema counts 5000.0 as an integer; so does the reader.
        Command c = ContractReader.command(b("{\"id\":\"a\",\"value\":1,\"source\":\"user:x\",\"ts\":\"2026-11-25T07:00:00.000Z\",\"ttlMs\":5000.0}"))
                .orElseThrow();
        assertThat(c.ttlMs()).isEqualTo(5000L);
        assertThat(c.expiresAt()).isEqualTo(Instant.parse("2026-11-25T07:00:05Z"));
    }

    @Test
    void refusesADayThatIsNotInTheCalendar() {
        Parsed<Reading> r = ContractReader.reading(b("{\"sensor\":\"s\",\"quantity\":\"light\",\"value\":1,\"unit\":\"\","
                + "\"ts\":\"2026-02-30T07:00:00.000Z\",\"seq\":1}"));
        assertThat(r.rejection().reason()).isEqualTo(Reason.BAD_TIME);
        assertThat(r.rejection().message()).contains("'ts'");
    }

    @Test
    void refusesDuplicateKeysRatherThanGuessWhichOneCounts() {
        Parsed<Reading> r = ContractReader.reading(b("{\"sensor\":\"s\",\"quantity\":\"light\",\"value\":1,\"value\":\"x\",\"unit\":\"\","
                + "\"ts\":\"2026-11-25T07:00:00.000Z\",\"seq\":1}"));
        assertThat(r.rejection().reason()).isEqualTo(Reason.NOT_JSON);
    }

    @Test
    void theMessageNamesTheField() {
        Parsed<Command> c = ContractReader.command(b("{\"id\":\"a\",\"value\":\"1\",\"source\":\"user:x\",\"ts\":\"2026-11-25T07:00:00.000Z\"}"));
        assertThat(c.rejection()).isEqualTo(new Rejection(Reason.WRONG_TYPE, "'value' must be a number, not a string"));
        Parsed<?> m = ContractReader.manifest(b("{\"gateway\":\"g\",\"version\":\"1\",\"startedAt\":\"2026-11-25T07:00:00.000Z\","
                + "\"sensors\":[{\"id\":\"s\",\"name\":\"S\",\"room\":\"r\",\"quantity\":\"temperature\",\"unit\":\"\",\"intervalMs\":0}],"
                + "\"actuators\":[]}"));
        assertThat(m.rejection().reason()).isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(m.rejection().message()).contains("'sensors[0].intervalMs'");
    }

    @Test
    void refusesAnActuatorWhoseFailsafeIsOutsideItsRange() {
        Parsed<?> m = ContractReader.manifest(b("{\"gateway\":\"g\",\"version\":\"1\",\"startedAt\":\"2026-11-25T07:00:00.000Z\",\"sensors\":[],"
                + "\"actuators\":[{\"id\":\"h\",\"name\":\"H\",\"room\":\"r\",\"kind\":\"relay\",\"min\":0,\"max\":1,\"unit\":\"\",\"failsafe\":2}]}"));
        assertThat(m.rejection().reason()).isEqualTo(Reason.OUT_OF_RANGE);
    }

    @Test
    void refusesALoopConfigWhoseSetpointIsOutsideItsLimitsOrManualWithoutOutput() {
        String base = "{\"loop\":\"l\",\"kind\":\"pid\",\"sensor\":\"s\",\"actuator\":\"a\",\"outputMin\":0,\"outputMax\":1,\"sampleMs\":1000,";
        assertThat(ContractReader.loopConfig(b(base + "\"mode\":\"auto\",\"setpoint\":40,\"setpointMax\":30}")).rejection().reason())
                .isEqualTo(Reason.OUT_OF_RANGE);
        assertThat(ContractReader.loopConfig(b(base + "\"mode\":\"manual\",\"setpoint\":20}")).rejection().reason())
                .isEqualTo(Reason.MISSING_FIELD);
        assertThat(ContractReader.loopConfig(b(base + "\"mode\":\"manual\",\"setpoint\":20,\"manualOutput\":0.5}")).orElseThrow().mode())
                .isEqualTo(LoopMode.MANUAL);
    }

    @Test
    void anActuatorStateCarriesItsCause() {
        assertThat(ContractReader.actuatorState(b("{\"actuator\":\"h\",\"value\":0,\"unit\":\"ratio\",\"ts\":\"2026-11-25T07:00:00.000Z\","
                + "\"cause\":\"expired\"}")).orElseThrow().cause()).isEqualTo(Cause.EXPIRED);
    }

    @Test
    void theGatewayStatusIsPlainText() {
        assertThat(ContractReader.gatewayStatus(b("online")).orElseThrow()).isEqualTo(GatewayStatus.ONLINE);
        assertThat(ContractReader.gatewayStatus(b("offline")).orElseThrow()).isEqualTo(GatewayStatus.OFFLINE);
        assertThat(ContractReader.gatewayStatus(b("maybe")).rejection().reason()).isEqualTo(Reason.BAD_VALUE);
    }

    @Test
    void readingForATopicChecksTheIdAgainstTheTopic() {
        HomeTopics topics = new HomeTopics("home");
        String reading = "{\"sensor\":\"kitchen-temp\",\"quantity\":\"temperature\",\"value\":20,\"unit\":\"°C\","
                + "\"ts\":\"2026-11-25T07:00:00.000Z\",\"seq\":1}";
        Parsed<?> wrongTopic = ContractReader.read(topics.parse("hearth/home/sensors/living-temp").orElseThrow(), b(reading));
        assertThat(wrongTopic.rejection().reason()).isEqualTo(Reason.TOPIC_MISMATCH);
        assertThat(wrongTopic.rejection().message()).contains("kitchen-temp").contains("living-temp");
        Parsed<?> right = ContractReader.read(topics.parse("hearth/home/sensors/kitchen-temp").orElseThrow(), b(reading));
        assertThat(right.value()).isInstanceOf(Reading.class);
    }

    @Test
    void callersThatKnowTheirClockCanRefuseTimesFromTheFuture() {
        Instant now = Instant.parse("2026-11-25T07:00:00Z");
        assertThat(Times.notFurtherInFuture("ts", now.plusSeconds(5), now, Duration.ofSeconds(10))).isNull();
        Rejection ahead = Times.notFurtherInFuture("ts", now.plusSeconds(3600), now, Duration.ofSeconds(10));
        assertThat(ahead.reason()).isEqualTo(Reason.BAD_TIME);
        assertThat(ahead.message()).contains("'ts'").contains("10 s ahead");
    }
}
