package dev.hearth.local.stack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Not a test (deploy/local/arm64-check runs it on an arm64 JVM, outside mvn verify): starts the single box's embedded
 * broker (HiveMQ CE, whose store is RocksDB and its aarch64 native) under qemu's user-mode emulation, keeps a retained
 * message across a restart of the broker on its data directory, and stops.
 */
public final class Arm64BrokerCheck {

    private Arm64BrokerCheck() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("JVM: " + System.getProperty("os.arch") + ", " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version"));
        Path data = Files.createTempDirectory("hearth-arm64-broker").resolve("broker");
        int port = Ports.free();
        long started = System.nanoTime();
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port, data)) {
            System.out.printf("broker started in %.1f s under emulation%n", (System.nanoTime() - started) / 1e9);
            MqttClient publisher = client(port, "arm64-publisher");
            publisher.publish("hearth/home/sensors/living-temp", "{\"retained\":true}".getBytes(StandardCharsets.UTF_8), 1, true);
            publisher.disconnect();
            publisher.close();
        }
        started = System.nanoTime();
        try (EmbeddedBroker again = EmbeddedBroker.start("127.0.0.1", port, data)) {
            System.out.printf("started again on its store in %.1f s%n", (System.nanoTime() - started) / 1e9);
            CompletableFuture<String> received = new CompletableFuture<>();
            MqttClient subscriber = client(port, "arm64-subscriber");
            subscriber.subscribe("hearth/home/sensors/+", 1, (topic, message) -> received.complete(new String(message.getPayload(),
                    StandardCharsets.UTF_8)));
            System.out.println("retained across the restart: " + received.get(60, TimeUnit.SECONDS));
            subscriber.disconnect();
            subscriber.close();
        }
        System.out.println("OK: the embedded broker ran on arm64, kept its store across a restart, and stopped");
    }

    private static MqttClient client(int port, String id) throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, id, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setConnectionTimeout(60);
        client.connect(options);
        return client;
    }
}
