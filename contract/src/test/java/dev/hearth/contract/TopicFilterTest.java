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
    void aSharedSubscriptionMatchesWhatItsFilterMatches() {
        String shared = TopicFilter.shared("history", "hearth/home/sensors/+");
        assertThat(shared).isEqualTo("$share/history/hearth/home/sensors/+");
        assertThat(TopicFilter.matches(shared, "hearth/home/sensors/living-temp")).isTrue();
        assertThat(TopicFilter.matches(shared, "hearth/home/actuators/heater/state")).isFalse();
        assertThat(TopicFilter.matches("$share/history", "hearth/home/sensors/a")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TopicFilter.shared("a/b", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void saysWhatIsWrongWithABadFilter() {
        assertThat(TopicFilter.problem("sensors/+")).isNull();
        assertThat(TopicFilter.problem("")).contains("empty");
        assertThat(TopicFilter.problem("sensors/#/x")).contains("'#'");
        assertThat(TopicFilter.problem("sensors/a+")).contains("'+'");
    }
}
