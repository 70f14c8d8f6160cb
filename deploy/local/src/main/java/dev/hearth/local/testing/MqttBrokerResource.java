package dev.hearth.local.testing;

import java.util.Map;

import dev.hearth.local.stack.EmbeddedBroker;
import dev.hearth.local.stack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real MQTT broker for a {@code @QuarkusTest}: embedded HiveMQ CE on a free loopback port, wired into the service through the
 * same {@code hearth.mqtt.*} settings that production uses.
 */
public class MqttBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedBroker broker;
    private static volatile int port;
    /** Where the broker keeps sessions and queued messages, as a real broker with persistence on does. */
    private static volatile java.nio.file.Path dataDir;

    @Override
    public Map<String, String> start() {
        port = Ports.free();
        try {
            dataDir = java.nio.file.Files.createTempDirectory("hearth-test-broker-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        broker = EmbeddedBroker.start("127.0.0.1", port, dataDir.resolve("fresh-" + System.nanoTime()));
        return Map.of("hearth.mqtt.host", "127.0.0.1", "hearth.mqtt.port", Integer.toString(broker.port()));
    }

    @Override
    public void stop() {
        stopBroker();
    }

    /** Stops the broker, as a crash or a restart of the real one would; the service under test sees it vanish. */
    public static void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** Starts a fresh broker (nothing retained, no session) on the same port, as a restarted broker without persistence. */
    public static EmbeddedBroker startBrokerAgain() {
        broker = EmbeddedBroker.start("127.0.0.1", port, dataDir.resolve("fresh-" + System.nanoTime()));
        return broker;
    }

    /**
     * Stops the broker and starts it again on the same port with its data: the persistent sessions and the messages
     * queued for them survive, as with Mosquitto's or HiveMQ's persistence on.
     */
    public static EmbeddedBroker restartBrokerKeepingItsData() {
        java.nio.file.Path current = broker.dataDir();
        stopBroker();
        broker = EmbeddedBroker.start("127.0.0.1", port, current);
        return broker;
    }

    public static int port() {
        return port;
    }

    /** The running broker, for tests that connect their own client or stop it to see how the service copes. */
    public static EmbeddedBroker broker() {
        return broker;
    }
}
