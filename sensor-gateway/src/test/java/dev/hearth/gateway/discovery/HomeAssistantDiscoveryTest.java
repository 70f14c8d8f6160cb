package dev.hearth.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hearth.contract.Parsed;
import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.Command;
import dev.hearth.contract.payload.Manifest;
import dev.hearth.contract.payload.Quantity;
import io.vertx.core.json.JsonObject;

class HomeAssistantDiscoveryTest {

    private static final Manifest MANIFEST = new Manifest("sim-1", "1.2", Instant.parse("2026-11-25T07:00:00Z"),
            List.of(new Manifest.Sensor("living-temp", "Living room temperature", "living", Quantity.TEMPERATURE, "°C", 5000),
                    new Manifest.Sensor("hall-light", "Hall daylight", "hall", Quantity.LIGHT, "", 1000)),
            List.of(new Manifest.Actuator("living-heater", "Living room heater", "living", ActuatorKind.PWM, 0, 1, "ratio", 0),
                    new Manifest.Actuator("hall-lamp", "Hall lamp", "hall", ActuatorKind.RELAY, 0, 1, "", 0)));

    private final List<HomeAssistantDiscovery.Announcement> all = new HomeAssistantDiscovery("home").announce(MANIFEST);

    private JsonObject config(String topic) {
        return new JsonObject(all.stream().filter(a -> a.topic().equals(topic)).findFirst().orElseThrow().payload());
    }

    /** What Home Assistant's template engine would make of the command template, for a value expression's result. */
    private static String render(String template, String value) {
        return template.replaceAll("\\{\\{ \\(as_timestamp\\(utcnow\\(\\)\\) \\* 1000000\\) \\| int }}", "1795730766604123")
                .replaceAll("\\{\\{ utcnow\\(\\)[^}]*}}", "2026-11-26T22:00:01.250")
                .replaceAll("\\{\\{ [^}]*}}", value);
    }

    @Test
    void announcesEverySensorAndActuatorUnderOneDevice() {
        assertThat(all).extracting(HomeAssistantDiscovery.Announcement::topic).containsExactly(
                "homeassistant/sensor/sim-1/living-temp/config", "homeassistant/binary_sensor/sim-1/hall-light/config",
                "homeassistant/number/sim-1/living-heater/config", "homeassistant/switch/sim-1/hall-lamp/config");
        JsonObject temp = config("homeassistant/sensor/sim-1/living-temp/config");
        assertThat(temp.getString("state_topic")).isEqualTo("hearth/home/sensors/living-temp");
        assertThat(temp.getString("value_template")).isEqualTo("{{ value_json.value }}");
        assertThat(temp.getString("device_class")).isEqualTo("temperature");
        assertThat(temp.getString("unit_of_measurement")).isEqualTo("°C");
        assertThat(temp.getString("state_class")).isEqualTo("measurement");
        assertThat(temp.getInteger("qos")).as("the contract's QoS, not Home Assistant's default 0").isEqualTo(1);
        assertThat(temp.getString("availability_topic")).isEqualTo("hearth/home/gateways/sim-1/status");
        assertThat(temp.getString("unique_id")).isEqualTo("hearth-home-sim-1-living-temp");
        assertThat(temp.getJsonObject("device").getJsonArray("identifiers").getString(0)).isEqualTo("hearth-home-sim-1");
        assertThat(all).allSatisfy(a -> assertThat(new JsonObject(a.payload()).getJsonObject("device"))
                .isEqualTo(temp.getJsonObject("device")));
    }

    @Test
    void theCommandTemplatesProduceCommandsTheGatewayAccepts() {
        JsonObject heater = config("homeassistant/number/sim-1/living-heater/config");
        assertThat(heater.getString("command_topic")).isEqualTo("hearth/home/actuators/living-heater/set");
        assertThat(heater.getInteger("qos")).isEqualTo(1);
        Parsed<Command> number = ContractReader.command(render(heater.getString("command_template"), "0.35").getBytes());
        assertThat(number.rejection()).isNull();
        assertThat(number.value().value()).isEqualTo(0.35);
        assertThat(number.value().source()).isEqualTo("user:home-assistant");
        assertThat(number.value().ttlMs()).isEqualTo(3_600_000L);
        assertThat(heater.getDouble("min")).isZero();
        assertThat(heater.getDouble("max")).isEqualTo(1.0);

        JsonObject lamp = config("homeassistant/switch/sim-1/hall-lamp/config");
        assertThat(lamp.getString("command_template")).contains("1.0 if value == 'ON' else 0.0");
        Parsed<Command> on = ContractReader.command(render(lamp.getString("command_template"), "1.0").getBytes());
        assertThat(on.rejection()).isNull();
        assertThat(on.value().value()).isEqualTo(1.0);
    }

    @Test
    void aBinarySensorSaysOnAndOff() {
        JsonObject light = config("homeassistant/binary_sensor/sim-1/hall-light/config");
        assertThat(light.getString("payload_on")).isEqualTo("ON");
        assertThat(light.getString("value_template")).contains("value_json.value >= 0.5");
        assertThat(light.containsKey("unit_of_measurement")).isFalse();
    }
}
