package dev.hearth.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.hearth.contract.Reason;
import dev.hearth.contract.Rejection;
import dev.hearth.contract.topic.TopicKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Every rejection counted, the same one warned about once a minute, and a flood of new topics bounded. */
class RejectedMessagesTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final AtomicLong clockMs = new AtomicLong(5_000);
    private final RejectedMessages rejected = new RejectedMessages(metrics, RejectedMessagesTest.class, clockMs::get);

    private double counted(String kind, String reason) {
        return metrics.get(RejectedMessages.METER).tag("kind", kind).tag("reason", reason).counter().count();
    }

    @Test
    void theSameRejectionOnOneTopicIsWarnedAboutOnceAMinuteAndCountedEveryTime() {
        String topic = "hearth/home/sensors/living-temp/reading";
        Rejection ahead = new Rejection(Reason.BAD_TIME, "'ts' is 2 h ahead");

        assertThat(rejected.reject(TopicKind.READING, topic, ahead)).as("the first").isTrue();
        clockMs.addAndGet(5_000);
        assertThat(rejected.reject(TopicKind.READING, topic, ahead)).as("5 s later").isFalse();
        assertThat(rejected.reject(TopicKind.READING, topic, new Rejection(Reason.NOT_JSON, "not JSON"))).as("another reason").isTrue();
        assertThat(rejected.reject(TopicKind.READING, "hearth/home/sensors/hall-temp/reading", ahead)).as("another topic").isTrue();
        clockMs.addAndGet(RejectedMessages.WARN_EVERY_MS);
        assertThat(rejected.reject(TopicKind.READING, topic, ahead)).as("a minute on").isTrue();

        assertThat(counted("reading", "bad-time")).isEqualTo(4);
        assertThat(counted("reading", "not-json")).isEqualTo(1);
    }

    @Test
    void aFloodOfNewTopicsIsCountedButNotRememberedWithoutBound() {
        IntStream.range(0, RejectedMessages.REMEMBERED).forEach(i -> rejected.reject("unknown", "made/up/" + i, "unknown-topic", "?"));

        assertThat(rejected.reject("unknown", "made/up/again", "unknown-topic", "?")).as("past the bound, within the minute").isFalse();
        assertThat(rejected.reject("unknown", "made/up/0", "unknown-topic", "?")).as("a remembered one, within the minute").isFalse();
        assertThat(counted("unknown", "unknown-topic")).isEqualTo(RejectedMessages.REMEMBERED + 2);

        clockMs.addAndGet(RejectedMessages.WARN_EVERY_MS);
        assertThat(rejected.reject("unknown", "made/up/again", "unknown-topic", "?")).as("a minute later the old ones are forgotten")
                .isTrue();
    }
}
