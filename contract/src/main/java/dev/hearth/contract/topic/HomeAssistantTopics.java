package dev.hearth.contract.topic;

import java.util.Optional;
import java.util.Set;

import dev.hearth.contract.Ids;

/**
 * Home Assistant's MQTT discovery topics, {@code homeassistant/{component}/{gw}/{object}/config} (retained), where a
 * gateway announces its sensors and actuators so that Home Assistant shows them without any setup.
 */
public final class HomeAssistantTopics {

    /** The discovery prefix Home Assistant listens on by default. */
    public static final String PREFIX = "homeassistant";

    /** The components Hearth announces. */
    public static final Set<String> COMPONENTS = Set.of("sensor", "binary_sensor", "switch", "number", "light", "fan", "climate");

    /** A parsed discovery topic. */
    public record Discovery(String component, String gateway, String object) {
    }

    private HomeAssistantTopics() {
    }

    public static String discovery(String component, String gateway, String object) {
        if (!COMPONENTS.contains(component)) {
            throw new IllegalArgumentException("component '" + component + "' is not one of " + COMPONENTS);
        }
        return PREFIX + "/" + component + "/" + Ids.require("gateway", gateway) + "/" + Ids.require("object", object) + "/config";
    }

    /** {@code homeassistant/+/{gw}/+/config}: everything one gateway announced. */
    public static String allOf(String gateway) {
        return PREFIX + "/+/" + Ids.require("gateway", gateway) + "/+/config";
    }

    public static Optional<Discovery> parse(String topic) {
        String[] l = topic == null ? new String[0] : topic.split("/", -1);
        if (l.length != 5 || !l[0].equals(PREFIX) || !COMPONENTS.contains(l[1]) || !Ids.isValid(l[2]) || !Ids.isValid(l[3])
                || !l[4].equals("config")) {
            return Optional.empty();
        }
        return Optional.of(new Discovery(l[1], l[2], l[3]));
    }
}
