package dev.hearth.gateway.discovery;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.Manifest;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.topic.HomeAssistantTopics;
import dev.hearth.contract.topic.HomeTopics;

/**
 * What the gateway tells Home Assistant (and openHAB, Node-RED, anything that reads MQTT discovery) about itself: a
 * retained config per sensor and actuator, grouped under one device, available while the gateway's status says
 * {@code online}. Sensors read the contract's Reading ({@code value_json.value}); a relay becomes a {@code switch} and a
 * PWM output a {@code number}, each sending a valid contract Command built by its {@code command_template}. Pure: the
 * caller publishes.
 */
public final class HomeAssistantDiscovery {

    /** A discovery config to publish retained. */
    public record Announcement(String topic, String payload) {
    }

    /** How long a command from Home Assistant holds, as the dashboard's: an output still fails safe after its maximum. */
    static final long COMMAND_TTL_MS = 3_600_000;
    /**
     * A contract Command, rendered by Home Assistant's templates: a unique id, the value, the source, the time in UTC with
     * exactly three fraction digits, a lifetime. {@code %s} is the value expression.
     */
    static final String COMMAND_TEMPLATE = "{\"id\":\"ha-{{ (as_timestamp(utcnow()) * 1000000) | int }}\",\"value\":%s,"
            + "\"source\":\"user:home-assistant\",\"ts\":\"{{ utcnow().strftime('%%Y-%%m-%%dT%%H:%%M:%%S.%%f')[:-3] }}Z\",\"ttlMs\":"
            + COMMAND_TTL_MS + "}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String home;
    private final HomeTopics topics;

    public HomeAssistantDiscovery(String home) {
        this.home = home;
        this.topics = new HomeTopics(home);
    }

    /** The contract's QoS for every topic: Home Assistant's default would be 0. */
    private static final int QOS = 1;

    public List<Announcement> announce(Manifest manifest) {
        HaEntity.Device device = new HaEntity.Device(List.of("hearth-" + home + "-" + manifest.gateway()), "Hearth " + manifest.gateway(),
                "Hearth", "sensor-gateway", manifest.version());
        String availability = topics.gatewayStatus(manifest.gateway());
        List<Announcement> out = new ArrayList<>();
        for (Manifest.Sensor s : manifest.sensors()) {
            boolean binary = s.quantity() == Quantity.LIGHT || s.quantity() == Quantity.MOTION || s.quantity() == Quantity.CONTACT;
            HaEntity entity = new HaEntity(s.name(), uniqueId(manifest, s.id()), device, availability, "online", "offline",
                    topics.reading(s.id()), binary ? "{{ 'ON' if value_json.value >= 0.5 else 'OFF' }}" : "{{ value_json.value }}",
                    deviceClass(s.quantity()), binary || s.unit().isEmpty() ? null : s.unit(), binary ? null : "measurement",
                    binary ? "ON" : null, binary ? "OFF" : null, null, null, null, null, null, null, null, null, QOS);
            out.add(new Announcement(HomeAssistantTopics.discovery(binary ? "binary_sensor" : "sensor", manifest.gateway(), s.id()), write(entity)));
        }
        for (Manifest.Actuator a : manifest.actuators()) {
            boolean relay = a.kind() == ActuatorKind.RELAY;
            String half = Double.toString((a.min() + a.max()) / 2);
            HaEntity entity = relay
                    ? new HaEntity(a.name(), uniqueId(manifest, a.id()), device, availability, "online", "offline",
                            topics.actuatorState(a.id()), "{{ 'ON' if value_json.value > " + half + " else 'OFF' }}", null, null, null,
                            "ON", "OFF", "ON", "OFF", topics.command(a.id()),
                            String.format(COMMAND_TEMPLATE, "{{ " + a.max() + " if value == 'ON' else " + a.min() + " }}"), null, null, null, null, QOS)
                    : new HaEntity(a.name(), uniqueId(manifest, a.id()), device, availability, "online", "offline",
                            topics.actuatorState(a.id()), "{{ value_json.value }}", null, a.unit().isEmpty() || a.unit().equals("ratio") ? null : a.unit(),
                            null, null, null, null, null, topics.command(a.id()), String.format(COMMAND_TEMPLATE, "{{ value }}"), a.min(), a.max(),
                            (a.max() - a.min()) / 100, "slider", QOS);
            out.add(new Announcement(HomeAssistantTopics.discovery(relay ? "switch" : "number", manifest.gateway(), a.id()), write(entity)));
        }
        return out;
    }

    private String uniqueId(Manifest manifest, String object) {
        return "hearth-" + home + "-" + manifest.gateway() + "-" + object;
    }

    private static String deviceClass(Quantity quantity) {
        return switch (quantity) {
            case TEMPERATURE -> "temperature";
            case HUMIDITY -> "humidity";
            case ILLUMINANCE -> "illuminance";
            case PRESSURE -> "pressure";
            case POWER -> "power";
            case LIGHT -> "light";
            case MOTION -> "motion";
            case CONTACT -> "door";
        };
    }

    private static String write(HaEntity entity) {
        try {
            return JSON.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
