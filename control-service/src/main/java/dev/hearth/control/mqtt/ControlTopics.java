package dev.hearth.control.mqtt;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hearth.contract.topic.HomeTopics;
import dev.hearth.contract.topic.Topic;
import dev.hearth.contract.topic.TopicKind;

/**
 * Every topic control-service reads or writes, built through the contract's {@link HomeTopics}. It subscribes to
 * readings ({@code sensors/+}), loop changes ({@code loops/+/config/set}) and the gateways' manifests (see
 * {@link ControlMqtt}); it writes commands, loop configs, change results, status and autotune reports.
 */
@ApplicationScoped
public class ControlTopics {

    private final HomeTopics home;

    public ControlTopics(@ConfigProperty(name = "hearth.home") String home) {
        this.home = new HomeTopics(home);
    }

    public String command(String actuator) {
        return home.command(actuator);
    }

    public String loopConfig(String loop) {
        return home.loopConfig(loop);
    }

    public String loopConfigResult(String loop) {
        return home.loopConfigResult(loop);
    }

    public String loopAutotune(String loop) {
        return home.loopAutotune(loop);
    }

    public String loopStatus(String loop) {
        return home.loopStatus(loop);
    }

    /** The subscription filter for every topic of {@code kind} in this home. */
    public String all(TopicKind kind) {
        return home.all(kind);
    }

    /** The topic {@code topic} is if it is of {@code kind}, or empty. */
    public Optional<Topic> parse(String topic, TopicKind kind) {
        return home.parse(topic).filter(t -> t.kind() == kind);
    }
}
