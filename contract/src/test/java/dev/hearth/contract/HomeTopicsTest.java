package dev.hearth.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.hearth.contract.topic.HomeAssistantTopics;
import dev.hearth.contract.topic.HomeTopics;
import dev.hearth.contract.topic.Topic;
import dev.hearth.contract.topic.TopicKind;

class HomeTopicsTest {

    private final HomeTopics topics = new HomeTopics("home");

    @Test
    void everyBuiltTopicParsesBackToItsKindAndId() {
        for (TopicKind kind : TopicKind.values()) {
            String topic = topics.topic(kind, "x-1");
            assertThat(topics.parse(topic)).as(topic).contains(new Topic(kind, "x-1", topic.substring("hearth/home/".length())));
        }
        assertThat(topics.reading("living-temp")).isEqualTo("hearth/home/sensors/living-temp");
        assertThat(topics.loopConfigSet("l")).isEqualTo("hearth/home/loops/l/config/set");
        assertThat(topics.all(TopicKind.ACTUATOR_STATE)).isEqualTo("hearth/home/actuators/+/state");
        assertThat(topics.everything()).isEqualTo("hearth/home/#");
    }

    @Test
    void topicsOfOtherHomesAndBadIdsAreNotContractTopics() {
        assertThat(topics.parse("hearth/other/sensors/a")).isEmpty();
        assertThat(topics.parse("hearth/home/sensors/Not_An_Id")).isEmpty();
        assertThat(topics.parse("hearth/home/sensors/a/b")).isEmpty();
        assertThat(topics.parse("hearth/home/actuators/a/explode")).isEmpty();
        assertThat(topics.parse("hearth/home/sensors/")).isEmpty();
        assertThat(topics.parse(null)).isEmpty();
    }

    @Test
    void refusesToBuildATopicThatWouldLeaveItsLevel() {
        assertThatThrownBy(() -> topics.reading("a/b")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an id");
        assertThatThrownBy(() -> topics.command("+")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HomeTopics("#")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void homeAssistantDiscoveryTopics() {
        assertThat(HomeAssistantTopics.discovery("sensor", "sim-1", "living-temp")).isEqualTo("homeassistant/sensor/sim-1/living-temp/config");
        assertThat(HomeAssistantTopics.parse("homeassistant/switch/sim-1/lamp/config"))
                .contains(new HomeAssistantTopics.Discovery("switch", "sim-1", "lamp"));
        assertThat(HomeAssistantTopics.parse("homeassistant/switch/sim-1/lamp")).isEmpty();
        assertThatThrownBy(() -> HomeAssistantTopics.discovery("toaster", "sim-1", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
