package dev.hearth.history.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class PointParserTest {

    private final PointParser parser = new PointParser(new ObjectMapper());

    private PointParser.Point parse(String series, String json) throws PointParser.InvalidPoint {
        return parser.parse(series, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAReadingAndAnActuatorState() throws Exception {
        PointParser.Point r = parse("sensors/living-temp",
                "{\"sensor\":\"living-temp\",\"quantity\":\"temperature\",\"value\":21.37,\"unit\":\"°C\",\"ts\":\"2026-11-25T07:00:00.123Z\",\"seq\":1842,\"new\":1}");
        assertThat(r).isEqualTo(new PointParser.Point("sensors/living-temp", Instant.parse("2026-11-25T07:00:00.123Z"), 21.37, 1842L));
        PointParser.Point s = parse("actuators/living-heater",
                "{\"actuator\":\"living-heater\",\"value\":0.4,\"unit\":\"ratio\",\"ts\":\"2026-11-25T07:00:00.123Z\",\"cause\":\"command\"}");
        assertThat(s.value()).isEqualTo(0.4);
        assertThat(s.seq()).isNull();
    }

    @Test
    void refusesWhatCannotBeStored() {
        assertThatThrownBy(() -> parse("sensors/a", "garbage")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> parse("sensors/a", "[]")).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parse("sensors/a", "{\"sensor\":\"b\",\"value\":1,\"ts\":\"2026-11-25T07:00:00.000Z\"}"))
                .hasMessageContaining("as in the topic");
        assertThatThrownBy(() -> parse("sensors/a", "{\"sensor\":\"a\",\"value\":\"1\",\"ts\":\"2026-11-25T07:00:00.000Z\"}"))
                .hasMessageContaining("'value'");
        assertThatThrownBy(() -> parse("sensors/a", "{\"sensor\":\"a\",\"value\":1,\"ts\":\"today\"}")).hasMessageContaining("'ts'");
        assertThatThrownBy(() -> parse("sensors/a", "{\"sensor\":\"a\",\"value\":1,\"ts\":\"2026-11-25T07:00:00.000Z\",\"seq\":-1}"))
                .hasMessageContaining("'seq'");
    }

    @Test
    void mapsTopicsToSeries() {
        HistoryTopics topics = new HistoryTopics("home");
        assertThat(topics.seriesOf("hearth/home/sensors/living-temp")).isEqualTo("sensors/living-temp");
        assertThat(topics.seriesOf("hearth/home/actuators/living-heater/state")).isEqualTo("actuators/living-heater");
        assertThat(topics.seriesOf("hearth/home/actuators/living-heater/set")).isNull();
        assertThat(topics.seriesOf("hearth/other/sensors/living-temp")).isNull();
        assertThat(topics.seriesOf("hearth/home/sensors/")).isNull();
    }
}
