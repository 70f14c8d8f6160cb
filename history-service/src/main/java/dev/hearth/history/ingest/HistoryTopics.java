package dev.hearth.history.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import dev.hearth.contract.topic.HomeTopics;
import dev.hearth.contract.topic.Topic;
import dev.hearth.contract.topic.TopicFilter;
import dev.hearth.contract.topic.TopicKind;

/**
 * The topics history-service reads, built through the contract's {@link HomeTopics}: every sensor's readings and
 * every actuator's state. {@link MqttIntake} subscribes to {@link #subscriptions()}; each topic feeds one series.
 */
public final class HistoryTopics {

    private final HomeTopics home;
    private final Optional<String> shareGroup;

    public HistoryTopics(String home) {
        this(home, Optional.empty());
    }

    /** With a share group, several history-service replicas split the stream (each message goes to one of them). */
    public HistoryTopics(String home, Optional<String> shareGroup) {
        this.home = new HomeTopics(home);
        this.shareGroup = shareGroup;
    }

    /** Filter → QoS: readings and states, QoS 1; {@code $share/<group>/…} when a share group is set. */
    public Map<String, Integer> subscriptions() {
        Map<String, Integer> filters = new LinkedHashMap<>();
        filters.put(shared(home.all(TopicKind.READING)), 1);
        filters.put(shared(home.all(TopicKind.ACTUATOR_STATE)), 1);
        return filters;
    }

    private String shared(String filter) {
        return shareGroup.map(group -> TopicFilter.shared(group, filter)).orElse(filter);
    }

    /** The reading or state topic {@code topic} is, or empty for anything else. */
    public Optional<Topic> parse(String topic) {
        return home.parse(topic).filter(t -> t.kind() == TopicKind.READING || t.kind() == TopicKind.ACTUATOR_STATE);
    }

    /** {@code sensors/<id>} for a reading topic, {@code actuators/<id>} for a state topic: the series it feeds. */
    public static String seriesOf(Topic topic) {
        return (topic.kind() == TopicKind.READING ? "sensors/" : "actuators/") + topic.id();
    }
}
