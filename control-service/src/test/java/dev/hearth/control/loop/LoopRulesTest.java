package dev.hearth.control.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.LoopConfig;
import dev.hearth.contract.payload.LoopConfigChange;
import dev.hearth.contract.payload.LoopKind;
import dev.hearth.contract.payload.LoopMode;
import dev.hearth.contract.payload.Manifest;
import dev.hearth.contract.payload.Quantity;

class LoopRulesTest {

    private static final LoopConfig PID = ControlLoopTest.pid(LoopMode.AUTO, null);

    static Equipment equipment() {
        Equipment e = new Equipment();
        e.update(new Manifest("gw", "1", Instant.parse("2026-11-25T07:00:00Z"),
                List.of(new Manifest.Sensor("living-temp", "T", "living", Quantity.TEMPERATURE, "°C", 5000),
                        new Manifest.Sensor("porch-lux", "L", "porch", Quantity.ILLUMINANCE, "lx", 1000)),
                List.of(new Manifest.Actuator("living-heater", "H", "living", ActuatorKind.PWM, 0, 1, "ratio", 0),
                        new Manifest.Actuator("porch-lamp", "L", "porch", ActuatorKind.RELAY, 0, 1, "", 0))));
        return e;
    }

    private static LoopConfigChange change(String json) {
        return (LoopConfigChange) dev.hearth.contract.json.ContractReader.loopConfigChange(json.getBytes()).value();
    }

    private static String refusal(LoopConfig current, String change) {
        try {
            LoopRules.validate(LoopRules.apply("living-climate", current, change(change)), equipment());
            return null;
        } catch (InvalidLoop e) {
            return e.getMessage();
        }
    }

    @Test
    void acceptsAGoodChangeAndKeepsWhatItDoesNotName() throws InvalidLoop {
        LoopConfig next = LoopRules.validate(LoopRules.apply("living-climate", PID, change("{\"setpoint\":22.5,\"kp\":0.5}")), equipment());
        assertThat(next.setpoint()).isEqualTo(22.5);
        assertThat(next.kp()).isEqualTo(0.5);
        assertThat(next.ki()).isEqualTo(PID.ki());
        assertThat(next.sensor()).isEqualTo(PID.sensor());
    }

    @Test
    void refusesEveryBrokenRuleWithItsReason() {
        assertThat(refusal(PID, "{\"setpoint\":40}")).contains("setpoint 40.0 is outside 5.0..30.0");
        assertThat(refusal(PID, "{\"setpointMax\":20}")).contains("outside");
        assertThat(refusal(PID, "{\"outputMin\":1}")).contains("outputMin must be below outputMax");
        assertThat(refusal(PID, "{\"outputMax\":2}")).contains("outside living-heater's range 0.0..1.0");
        assertThat(refusal(PID, "{\"mode\":\"manual\"}")).contains("manualOutput");
        assertThat(refusal(PID, "{\"mode\":\"manual\",\"manualOutput\":3}")).contains("manualOutput");
        assertThat(refusal(PID, "{\"kind\":\"hysteresis\"}")).contains("kind of a loop does not change");
        assertThat(refusal(PID, "{\"sensor\":\"porch-lux\"}")).contains("sensor of a loop does not change");
        assertThat(refusal(PID, "{\"actuator\":\"porch-lamp\"}")).contains("actuator of a loop does not change");
        assertThat(refusal(PID, "{\"cycleMs\":1000}")).contains("cycleMs must be at least one sample period");
        assertThat(refusal(null, "{\"setpoint\":20}")).contains("does not exist");
        assertThat(refusal(null, "{\"kind\":\"pid\",\"sensor\":\"nowhere\",\"actuator\":\"porch-lamp\",\"setpoint\":20,\"kp\":1}"))
                .contains("no gateway has a sensor 'nowhere'");
        assertThat(refusal(null, "{\"kind\":\"pid\",\"sensor\":\"porch-lux\",\"actuator\":\"nowhere\",\"setpoint\":20,\"kp\":1}"))
                .contains("no gateway has an actuator 'nowhere'");
        assertThat(refusal(null, "{\"kind\":\"pid\",\"sensor\":\"porch-lux\",\"actuator\":\"porch-lamp\",\"setpoint\":20}"))
                .contains("needs kp or ki");
        assertThat(refusal(null, "{\"kind\":\"threshold\",\"sensor\":\"porch-lux\",\"actuator\":\"porch-lamp\",\"setpoint\":40,"
                + "\"mode\":\"autotune\"}")).contains("only a pid loop can autotune");
    }

    @Test
    void createsALoopFromAFullChange() throws InvalidLoop {
        LoopConfig created = LoopRules.validate(LoopRules.apply("porch-light", null,
                change("{\"kind\":\"threshold\",\"sensor\":\"porch-lux\",\"actuator\":\"porch-lamp\",\"setpoint\":40,\"holdMs\":600000}")),
                equipment());
        assertThat(created.kind()).isEqualTo(LoopKind.THRESHOLD);
        assertThat(created.mode()).isEqualTo(LoopMode.AUTO);
        assertThat(created.holdMs()).isEqualTo(600_000L);
    }

    @Test
    void withoutAnyManifestOnlyTheLoopsOwnRulesApply() throws InvalidLoop {
        LoopConfig next = LoopRules.validate(LoopRules.apply("living-climate", PID, change("{\"outputMax\":5}")), new Equipment());
        assertThat(next.outputMax()).isEqualTo(5);
        assertThatThrownBy(() -> LoopRules.validate(LoopRules.apply("living-climate", PID, change("{\"setpoint\":40}")), new Equipment()))
                .isInstanceOf(InvalidLoop.class);
    }
}
