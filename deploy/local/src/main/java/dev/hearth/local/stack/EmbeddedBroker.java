package dev.hearth.local.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;

/**
 * An MQTT 3.1.1 broker inside this JVM (Moquette), for the single-box run and for tests. With a data directory it
 * keeps retained messages and persistent sessions across restarts, like the Mosquitto of a real deployment.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Larger than Moquette's small default, so a manifest of a big house fits in one message. */
    private static final int MAX_MESSAGE_BYTES = 1024 * 1024;

    private final Server server;
    private final String host;
    private final int port;

    private EmbeddedBroker(Server server, String host, int port) {
        this.server = server;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts a broker listening on {@code host:port}. Anonymous clients are allowed, which is why the single box binds
     * it to the loopback interface by default.
     *
     * @param dataDir where sessions and retained messages persist, or {@code null} to keep them in memory
     */
    public static EmbeddedBroker start(String host, int port, Path dataDir) {
        Ports.requireFree(host, port, "embedded MQTT broker");
        Properties props = new Properties();
        props.setProperty("host", host);
        props.setProperty("port", Integer.toString(port));
        props.setProperty("websocket_port", "disabled");
        props.setProperty("allow_anonymous", "true");
        props.setProperty("telemetry_enabled", "false");
        props.setProperty("netty.mqtt.message_size", Integer.toString(MAX_MESSAGE_BYTES));
        if (dataDir != null) {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new StackException("Cannot create the broker's data directory " + dataDir + ": " + e.getMessage(), e);
            }
            props.setProperty("persistence_enabled", "true");
            props.setProperty("data_path", dataDir.toAbsolutePath().toString());
        } else {
            props.setProperty("persistence_enabled", "false");
        }
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(props));
        } catch (IOException | RuntimeException e) {
            throw new StackException("The embedded MQTT broker did not start on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        return new EmbeddedBroker(server, host, port);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "mqtt://" + host + ":" + port;
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
