package dev.hearth.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

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
        assertThat(TopicFilter.matches("sensors/ab", "sensors/a")).isFalse();
        assertThat(TopicFilter.matches("sensors/+", "sensors")).isFalse();
        assertThat(TopicFilter.matches("sensors/+", "sensors/")).isTrue();
        assertThat(TopicFilter.matches("+/+", "/")).isTrue();
        assertThat(TopicFilter.matches("a/b", "a")).isFalse();
    }

    @Test
    void agreesWithTheLevelByLevelDefinitionOnRandomFiltersAndTopics() {
        Random random = new Random(42);
        String[] filterLevels = {"a", "b", "ab", "", "+", "#"};
        String[] topicLevels = {"a", "b", "ab", ""};
        int matched = 0;
        for (int i = 0; i < 20_000; i++) {
            String filter = levels(random, filterLevels);
            String topic = levels(random, topicLevels);
            boolean expected = bySplitting(filter, topic);
            assertThat(TopicFilter.matches(filter, topic)).as("'%s' on '%s'", filter, topic).isEqualTo(expected);
            matched += expected ? 1 : 0;
        }
        assertThat(matched).as("cases that match").isBetween(1_000, 19_000);
    }

    private static String levels(Random random, String[] choices) {
        StringBuilder s = new StringBuilder(choices[random.nextInt(choices.length)]);
        for (int n = random.nextInt(4); n > 0; n--) {
            s.append('/').append(choices[random.nextInt(choices.length)]);
        }
        return s.toString();
    }

    /** The definition, written the plain way: '#' takes the rest (also none), '+' one level, any other level itself. */
    private static boolean bySplitting(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return f.length == t.length;
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
