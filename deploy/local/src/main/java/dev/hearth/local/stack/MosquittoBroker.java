package dev.hearth.local.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of the single box's own, from the system's {@code mosquitto} package: its own configuration and
 * persistence in Hearth's data directory, the same limits as the embedded broker (100,000 queued messages and 500 in
 * flight per client), anonymous on the bind address. Small (a few MB where the embedded broker takes a JVM's hundreds)
 * and on every platform Debian builds for, which is why {@code ./hearth run} prefers it when it is installed. Tests
 * use it where the in-JVM broker cannot serve: a kill -9.
 */
public final class MosquittoBroker implements AutoCloseable {

    /** Where Debian and Raspberry Pi OS install it. */
    private static final List<Path> PLACES = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/local/sbin/mosquitto"));

    private final Path binary;
    private final String host;
    private final int port;
    private final Path config;
    private final Path log;
    private Process process;

    private MosquittoBroker(Path binary, Path dir, String host, int port) throws IOException {
        this.binary = binary;
        this.host = host;
        this.port = port;
        Files.createDirectories(dir);
        this.config = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        Files.writeString(config, """
                # Written by Hearth at every start; changes here are lost (HEARTH_MQTT_URL points at a broker of your own).
                per_listener_settings false
                allow_anonymous true
                listener %d %s
                persistence true
                persistence_location %s/
                autosave_interval 30
                max_queued_messages %d
                max_inflight_messages %d
                log_dest file %s
                """.formatted(port, host, dir.toAbsolutePath(), EmbeddedBroker.MAX_QUEUED_PER_CLIENT,
                EmbeddedBroker.MAX_INFLIGHT_PER_CLIENT, log.toAbsolutePath()));
    }

    /** The installed mosquitto, if any. */
    public static Optional<Path> installed() {
        return PLACES.stream().filter(Files::isExecutable).findFirst();
    }

    public static boolean available() {
        return installed().isPresent();
    }

    /** Starts a broker keeping its files in {@code dir} on {@code host:port}, and waits until it listens. */
    public static MosquittoBroker start(Path dir, String host, int port) {
        Path binary = installed().orElseThrow(() -> new StackException("mosquitto is not installed (sudo apt install mosquitto)"));
        Ports.requireFree(host, port, "MQTT broker (HEARTH_MQTT_PORT; a mosquitto service of the system may hold it:"
                + " HEARTH_MQTT_URL=mqtt://localhost:" + port + " uses that one instead)");
        try {
            MosquittoBroker broker = new MosquittoBroker(binary, dir, host, port);
            broker.startAgain();
            return broker;
        } catch (IOException e) {
            throw new StackException("mosquitto did not start: " + e.getMessage(), e);
        }
    }

    /** Starts the broker again with the same configuration, after {@link #kill}. */
    public void startAgain() throws IOException {
        process = new ProcessBuilder(binary.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.resolveSibling("mosquitto.out").toFile())).start();
        for (int i = 0; i < 100 && !listening() && process.isAlive(); i++) {
            sleep(100);
        }
        if (!listening()) {
            throw new StackException("mosquitto did not listen on " + host + ":" + port + ": see " + log);
        }
    }

    /** kill -9: the broker gets no chance to save or say goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public int port() {
        return port;
    }

    public Path binary() {
        return binary;
    }

    public String url() {
        return "mqtt://" + host + ":" + port;
    }

    public long pid() {
        return process.pid();
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("0.0.0.0".equals(host) ? "127.0.0.1" : host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops it cleanly (it saves its persistence file). */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
