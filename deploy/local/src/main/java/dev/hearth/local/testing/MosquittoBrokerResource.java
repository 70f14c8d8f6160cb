package dev.hearth.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

import dev.hearth.local.stack.MosquittoBroker;
import dev.hearth.local.stack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Debian's mosquitto for a {@code @QuarkusTest} of shared subscriptions ({@code $share/…}): the embedded HiveMQ CE of
 * {@link MqttBrokerResource} has stalled its shared subscribers in CI (see {@code EmbeddedBroker}), and Hearth's
 * scale-out layout never runs on it. Configured as {@code ./hearth run} configures it.
 */
public class MosquittoBrokerResource implements QuarkusTestResourceLifecycleManager {

    private MosquittoBroker broker;

    @Override
    public Map<String, String> start() {
        int port = Ports.free();
        try {
            broker = MosquittoBroker.start(Files.createTempDirectory("hearth-test-mosquitto-"), "127.0.0.1", port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("hearth.mqtt.host", "127.0.0.1", "hearth.mqtt.port", Integer.toString(port));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
