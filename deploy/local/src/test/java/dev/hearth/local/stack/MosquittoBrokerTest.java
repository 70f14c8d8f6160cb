package dev.hearth.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

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
}
