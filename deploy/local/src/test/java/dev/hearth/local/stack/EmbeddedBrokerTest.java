package dev.hearth.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hearth.local.testing.TestMqttClient;

class EmbeddedBrokerTest {

    @Test
    void deliversRetainedMessagesToLateSubscribersWithTheRetainFlag() {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", Ports.free(), null);
                TestMqttClient publisher = new TestMqttClient("127.0.0.1", broker.port())) {
            publisher.publish("hearth/home/gateways/gw/status", "online", true);
            try (TestMqttClient late = new TestMqttClient("127.0.0.1", broker.port()).subscribe("hearth/#")) {
                TestMqttClient.Received m = late.awaitOn("hearth/home/gateways/gw/status", Duration.ofSeconds(5));
                assertThat(m.payload()).isEqualTo("online");
                assertThat(m.retained()).isTrue();
            }
        }
    }

    @Test
    void deliversPayloadsToLiveAndLateQos0Subscribers() {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", Ports.free(), null);
                TestMqttClient publisher = new TestMqttClient("127.0.0.1", broker.port())) {
            TestMqttClient live = new TestMqttClient("127.0.0.1", broker.port()).subscribe("a/#", 0);
            publisher.publish("a/b", "online", true);
            assertThat(live.awaitOn("a/b", Duration.ofSeconds(5)).payload()).isEqualTo("online");
            live.close();
            try (TestMqttClient late = new TestMqttClient("127.0.0.1", broker.port()).subscribe("a/#", 0)) {
                TestMqttClient.Received m = late.awaitOn("a/b", Duration.ofSeconds(5));
                assertThat(m.payload()).isEqualTo("online");
            }
        }
    }

    @Test
    void keepsRetainedMessagesAcrossARestartWithADataDirectory(@TempDir Path data) {
        int port = Ports.free();
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port, data);
                TestMqttClient publisher = new TestMqttClient("127.0.0.1", port)) {
            publisher.publish("hearth/home/sensors/t", "{\"v\":1}", true);
            publisher.await(m -> true, Duration.ofMillis(300)); // nothing subscribed: just let the broker store it
        } catch (AssertionError expectedNothing) {
            // no message was expected
        }
        try (EmbeddedBroker again = EmbeddedBroker.start("127.0.0.1", port, data);
                TestMqttClient late = new TestMqttClient("127.0.0.1", port).subscribe("hearth/#")) {
            assertThat(late.awaitOn("hearth/home/sensors/t", Duration.ofSeconds(5)).payload()).isEqualTo("{\"v\":1}");
        }
    }

    @Test
    void aTakenPortGivesAClearMessage() {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", Ports.free(), null)) {
            assertThatThrownBy(() -> EmbeddedBroker.start("127.0.0.1", broker.port(), null))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("Port " + broker.port())
                    .hasMessageContaining("already in use");
        }
    }
}
