package dev.hearth.control.mqtt;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hearth.contract.topic.HomeTopics;
import dev.hearth.contract.topic.Topic;
import dev.hearth.contract.topic.TopicKind;

/**
 * Every topic control-service reads or writes, built through the contract's {@link HomeTopics}. It subscribes to
 * {@code hearth/{home}/sensors/+} (see {@link ControlMqtt}).
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

    public String loopStatus(String loop) {
        return home.loopStatus(loop);
    }

    /** The subscription filter for every topic of {@code kind} in this home. */
    public String all(TopicKind kind) {
        return home.all(kind);
    }

    /** The reading topic {@code topic} is, or empty for any other topic. */
    public Optional<Topic> reading(String topic) {
        return home.parse(topic).filter(t -> t.kind() == TopicKind.READING);
    }
}
