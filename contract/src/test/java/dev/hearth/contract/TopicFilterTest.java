package dev.hearth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.hearth.contract.topic.TopicFilter;

class TopicFilterTest {

    @Test
    void matchesLikeMqtt() {
        assertThat(TopicFilter.matches("sensors/+", "sensors/living-temp")).isTrue();
        assertThat(TopicFilter.matches("sensors/+", "sensors/a/b")).isFalse();
        assertThat(TopicFilter.matches("actuators/+/state", "actuators/heater/state")).isTrue();
        assertThat(TopicFilter.matches("actuators/+/state", "actuators/heater/set")).isFalse();
        assertThat(TopicFilter.matches("#", "loops/x/status")).isTrue();
        assertThat(TopicFilter.matches("loops/#", "loops")).isTrue();
        assertThat(TopicFilter.matches("sensors/a", "sensors/a")).isTrue();
        assertThat(TopicFilter.matches("sensors/a", "sensors/ab")).isFalse();
    }

    @Test
    void saysWhatIsWrongWithABadFilter() {
        assertThat(TopicFilter.problem("sensors/+")).isNull();
        assertThat(TopicFilter.problem("")).contains("empty");
        assertThat(TopicFilter.problem("sensors/#/x")).contains("'#'");
        assertThat(TopicFilter.problem("sensors/a+")).contains("'+'");
    }
}
