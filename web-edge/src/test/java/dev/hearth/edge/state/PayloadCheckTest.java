package dev.hearth.edge.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class PayloadCheckTest {

    private final ObjectMapper json = new ObjectMapper();

    private String problem(String topic, String payload) throws Exception {
        return PayloadCheck.problem(topic, json.readTree(payload));
    }

    @Test
    void acceptsContractPayloadsWithExtraFields() throws Exception {
        assertThat(problem("sensors/t", "{\"sensor\":\"t\",\"value\":1.5,\"ts\":\"2026-11-25T07:00:00.000Z\",\"new\":true}")).isNull();
        assertThat(problem("actuators/h/state", "{\"actuator\":\"h\",\"value\":0,\"ts\":\"2026-11-25T07:00:00.000Z\"}")).isNull();
        assertThat(problem("gateways/g/manifest", "{\"gateway\":\"g\",\"sensors\":[],\"actuators\":[]}")).isNull();
        assertThat(problem("loops/l/status", "{\"loop\":\"l\"}")).isNull();
        assertThat(problem("something/new", "{}")).isNull();
    }

    @Test
    void refusesWhatWouldMisleadADashboard() throws Exception {
        assertThat(problem("sensors/t", "{\"sensor\":\"u\",\"value\":1,\"ts\":\"2026-11-25T07:00:00.000Z\"}")).contains("'sensor'");
        assertThat(problem("sensors/t", "{\"sensor\":\"t\",\"value\":\"1\",\"ts\":\"2026-11-25T07:00:00.000Z\"}")).contains("'value'");
        assertThat(problem("sensors/t", "{\"sensor\":\"t\",\"value\":1,\"ts\":\"noon\"}")).contains("'ts'");
        assertThat(problem("gateways/g/manifest", "{\"gateway\":\"g\",\"sensors\":{}}")).contains("arrays");
        assertThat(problem("loops/l/config", "{\"loop\":\"m\"}")).contains("'loop'");
    }
}
