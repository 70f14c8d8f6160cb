package dev.hearth.gateway.mqtt;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hearth.gateway.config.GatewayConfig;

/** Every topic the gateway reads or writes, as {@code docs/contract.md} names them. */
@ApplicationScoped
public class GatewayTopics {

    private final String home;
    private final String gateway;

    public GatewayTopics(@ConfigProperty(name = "hearth.home") String home, GatewayConfig config) {
        this.home = home;
        this.gateway = config.id();
    }

    public String status() {
        return "hearth/" + home + "/gateways/" + gateway + "/status";
    }

    public String manifest() {
        return "hearth/" + home + "/gateways/" + gateway + "/manifest";
    }

    public String reading(String sensor) {
        return "hearth/" + home + "/sensors/" + sensor;
    }

    public String actuatorState(String actuator) {
        return "hearth/" + home + "/actuators/" + actuator + "/state";
    }

    /** The subscription for commands to any actuator of this home. */
    public String commandFilter() {
        return "hearth/" + home + "/actuators/+/set";
    }

    /** The actuator a command topic addresses, or {@code null} when the topic is not a command topic of this home. */
    public String actuatorOfCommand(String topic) {
        String prefix = "hearth/" + home + "/actuators/";
        if (topic == null || !topic.startsWith(prefix) || !topic.endsWith("/set")) {
            return null;
        }
        String id = topic.substring(prefix.length(), topic.length() - "/set".length());
        return id.contains("/") ? null : id;
    }
}
