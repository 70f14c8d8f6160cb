package dev.hearth.local.testing;

import java.util.Map;

import dev.hearth.local.stack.EmbeddedBroker;
import dev.hearth.local.stack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real MQTT broker for a {@code @QuarkusTest}: Moquette on a free loopback port, wired into the service through the
 * same {@code hearth.mqtt.*} settings that production uses.
 */
public class MqttBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedBroker broker;

    @Override
    public Map<String, String> start() {
        broker = EmbeddedBroker.start("127.0.0.1", Ports.free(), null);
        return Map.of("hearth.mqtt.host", "127.0.0.1", "hearth.mqtt.port", Integer.toString(broker.port()));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    /** The running broker, for tests that connect their own client or stop it to see how the service copes. */
    public static EmbeddedBroker broker() {
        return broker;
    }
}
