package dev.hearth.contract.topic;

import java.util.Optional;

import dev.hearth.contract.Ids;

/**
 * Every topic of one home, {@code hearth/{home}/…}: builders for each topic and subscription filter of the contract,
 * and the parser that tells which topic a message arrived on. No service concatenates topic strings itself. Builders
 * refuse ids that do not match {@link Ids#PATTERN}, so no service can publish outside its level.
 */
public final class HomeTopics {

    private final String home;
    private final String prefix;

    public HomeTopics(String home) {
        this.home = Ids.require("home", home);
        this.prefix = "hearth/" + home + "/";
    }

    public String home() {
        return home;
    }

    public String topic(TopicKind kind, String id) {
        return prefix + relativeTopic(kind, id);
    }

    /** The topic relative to {@code hearth/{home}/} ({@code sensors/living-temp}), as web-edge's clients see it. */
    public static String relativeTopic(TopicKind kind, String id) {
        return kind.relative(Ids.require(kind.code() + " id", id));
    }

    public String gatewayStatus(String gateway) {
        return topic(TopicKind.GATEWAY_STATUS, gateway);
    }

    public String manifest(String gateway) {
        return topic(TopicKind.MANIFEST, gateway);
    }

    public String reading(String sensor) {
        return topic(TopicKind.READING, sensor);
    }

    public String actuatorState(String actuator) {
        return topic(TopicKind.ACTUATOR_STATE, actuator);
    }

    public String command(String actuator) {
        return topic(TopicKind.COMMAND, actuator);
    }

    public String loopConfig(String loop) {
        return topic(TopicKind.LOOP_CONFIG, loop);
    }

    public String loopConfigSet(String loop) {
        return topic(TopicKind.LOOP_CONFIG_SET, loop);
    }

    public String loopConfigResult(String loop) {
        return topic(TopicKind.LOOP_CONFIG_RESULT, loop);
    }

    public String loopAutotune(String loop) {
        return topic(TopicKind.LOOP_AUTOTUNE, loop);
    }

    public String loopStatus(String loop) {
        return topic(TopicKind.LOOP_STATUS, loop);
    }

    /** The subscription filter for every topic of {@code kind} in this home ({@code hearth/home/sensors/+}, ...). */
    public String all(TopicKind kind) {
        return prefix + kind.relative("+");
    }

    /** {@code hearth/{home}/#}. */
    public String everything() {
        return prefix + "#";
    }

    /** The topic relative to {@code hearth/{home}/}, or empty when it is not under this home. */
    public Optional<String> relative(String topic) {
        return topic != null && topic.startsWith(prefix) ? Optional.of(topic.substring(prefix.length())) : Optional.empty();
    }

    /** The contract topic {@code topic} is, or empty when it is none of this home's (or its id is not an id). */
    public Optional<Topic> parse(String topic) {
        return relative(topic).flatMap(HomeTopics::parseRelative);
    }

    /** As {@link #parse}, for a topic relative to the home ({@code sensors/living-temp}). */
    public static Optional<Topic> parseRelative(String relative) {
        String[] levels = relative.split("/", -1);
        TopicKind kind = TopicKind.of(levels);
        if (kind == null || !Ids.isValid(levels[1])) {
            return Optional.empty();
        }
        return Optional.of(new Topic(kind, levels[1], relative));
    }
}
