package dev.hearth.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hearth.local.testing.TestMqttClient;

/** The box's own mosquitto (Debian's package, which .ci/run installs): it keeps its store, also started as root. */
class MosquittoBrokerTest {

    @TempDir
    Path dir;

    @Test
    void keepsRetainedMessagesAcrossARestartAndItsLogWhoeverStartsIt() throws Exception {
        assumeTrue(MosquittoBroker.available(), "needs Debian's mosquitto");
        int port = Ports.free();
        try (MosquittoBroker broker = MosquittoBroker.start(dir, "127.0.0.1", port);
                TestMqttClient client = new TestMqttClient("127.0.0.1", port)) {
            client.publish("hearth/home/gateways/g/status", "online", true);
        }
        // Started as root, mosquitto switches to its own user unless told otherwise: it then could not write here.
        assertThat(dir.resolve("mosquitto.db")).exists();
        assertThat(Files.readString(dir.resolve("mosquitto.log"))).contains("mosquitto");
        try (MosquittoBroker again = MosquittoBroker.start(dir, "127.0.0.1", port);
                TestMqttClient client = new TestMqttClient("127.0.0.1", port).subscribe("hearth/home/gateways/+/status")) {
            TestMqttClient.Received status = client.awaitOn("hearth/home/gateways/g/status", Duration.ofSeconds(10));
            assertThat(status.payload()).isEqualTo("online");
            assertThat(status.retained()).isTrue();
        }
    }

    @Test
    void aBrokerLeftBehindByAKilledLauncherIsStoppedRatherThanAdopted() throws Exception {
        assumeTrue(MosquittoBroker.available(), "needs Debian's mosquitto");
        int port = Ports.free();
        MosquittoBroker orphan = MosquittoBroker.start(dir, "127.0.0.1", port); // its launcher "dies": never closed
        long orphanPid = orphan.pid();
        try (MosquittoBroker next = MosquittoBroker.start(dir, "127.0.0.1", port)) {
            assertThat(next.pid()).isNotEqualTo(orphanPid);
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        } finally {
            orphan.close();
        }
    }

    @Test
    void countsTheMessagesItDropsForAClientAwayTooLongAcrossItsRestarts() throws Exception {
        assumeTrue(MosquittoBroker.available(), "needs Debian's mosquitto");
        int port = Ports.free();
        try (MosquittoBroker broker = MosquittoBroker.start(dir, "127.0.0.1", port, 10)) {
            long first = awayWhile30Published(port);
            assertThat(first).as("dropped in the first run").isPositive();
            await().atMost(Duration.ofSeconds(3L * MosquittoBroker.SYS_INTERVAL_SECONDS)).until(broker::droppedMessages, n -> n.equals(OptionalLong.of(first)));

            broker.kill();
            broker.startAgain();
            long second = awayWhile30Published(port);
            await().atMost(Duration.ofSeconds(3L * MosquittoBroker.SYS_INTERVAL_SECONDS))
                    .until(broker::droppedMessages, n -> n.equals(OptionalLong.of(first + second)));
        }
    }

    /**
     * A persistent session (history-service's) subscribes and goes away, 30 readings are published at QoS 1, and it
     * comes back: returns how many of the 30 it did not get.
     */
    private static long awayWhile30Published(int port) throws Exception {
        String url = "tcp://127.0.0.1:" + port;
        MqttConnectOptions persistent = new MqttConnectOptions();
        persistent.setCleanSession(false);
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        MqttClient away = new MqttClient(url, "history-away", new MemoryPersistence());
        away.connect(persistent);
        away.subscribe("hearth/home/sensors/+", 1);
        away.disconnect();
        MqttClient publisher = new MqttClient(url, "publisher", new MemoryPersistence());
        MqttConnectOptions window = new MqttConnectOptions();
        // Paho counts a completed publish out of its window a moment after telling the caller: with its default of 10,
        // back-to-back publishes can be refused ("Too many publishes in progress").
        window.setMaxInflight(100);
        publisher.connect(window);
        for (int i = 0; i < 30; i++) {
            publisher.publish("hearth/home/sensors/s", ("" + i).getBytes(), 1, false);
        }
        publisher.disconnect();
        publisher.close();
        away.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                received.incrementAndGet();
            }

            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        away.connect(persistent);
        await().atMost(Duration.ofSeconds(10)).until(() -> received.get() >= 10);
        Thread.sleep(500); // anything beyond the queue would come right after it
        away.disconnect();
        away.close();
        return 30 - received.get();
    }
}
