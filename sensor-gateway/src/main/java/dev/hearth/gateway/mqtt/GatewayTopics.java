package dev.hearth.gateway.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hearth.contract.topic.HomeTopics;
import dev.hearth.contract.topic.Topic;
import dev.hearth.contract.topic.TopicKind;
import dev.hearth.gateway.config.GatewayConfig;

/** Every topic the gateway reads or writes, built through the contract's {@link HomeTopics}. */
@ApplicationScoped
public class GatewayTopics {

    private final HomeTopics home;
    private final String gateway;

    public GatewayTopics(@ConfigProperty(name = "hearth.home") String home, GatewayConfig config) {
        this.home = new HomeTopics(home);
        this.gateway = config.id();
    }

    public String status() {
        return home.gatewayStatus(gateway);
    }

    public String manifest() {
        return home.manifest(gateway);
    }

    public String reading(String sensor) {
        return home.reading(sensor);
    }

    public String actuatorState(String actuator) {
        return home.actuatorState(actuator);
    }

    /**
     * This gateway's own retained topics, to notice when someone clears one: status, manifest, and its outputs' states
     * (each by name: a filter for every actuator's state would bring the whole home's back to each gateway).
     */
    public List<String> ownRetainedFilters(Set<String> actuators) {
        List<String> filters = new ArrayList<>(List.of(status(), manifest()));
        actuators.stream().sorted().map(this::actuatorState).forEach(filters::add);
        return filters;
    }

    /** The actuator an actuator-state topic is about, or empty when the topic is not one of this home. */
    public Optional<String> actuatorOfState(String topic) {
        return home.parse(topic).filter(t -> t.kind() == TopicKind.ACTUATOR_STATE).map(Topic::id);
    }

    /** The subscription for commands to any actuator of this home (see {@code application.properties}). */
    public String commandFilter() {
        return home.all(TopicKind.COMMAND);
    }

    /** The actuator a command topic addresses, or empty when the topic is not a command topic of this home. */
    public Optional<String> actuatorOfCommand(String topic) {
        return home.parse(topic).filter(t -> t.kind() == TopicKind.COMMAND).map(Topic::id);
    }
}
