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

    @Override
    public Map<String, String> start() {
        port = Ports.free();
        broker = EmbeddedBroker.start("127.0.0.1", port, null);
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

    /** Starts a fresh broker (nothing retained) on the same port, as a restarted broker without persistence. */
    public static EmbeddedBroker startBrokerAgain() {
        broker = EmbeddedBroker.start("127.0.0.1", port, null);
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
