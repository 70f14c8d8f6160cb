package dev.hearth.local.stack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto of the single box's own, from the system's {@code mosquitto} package: its own configuration and
 * persistence in Hearth's data directory, the same limits as the embedded broker (150,000 queued messages and 500 in
 * flight per client), anonymous on the bind address. Small (a few MB where the embedded broker takes a JVM's hundreds)
 * and on every platform Debian builds for, which is why {@code ./hearth run} prefers it when it is installed. Tests
 * use it where the in-JVM broker cannot serve: a kill -9.
 */
public final class MosquittoBroker implements AutoCloseable {

    /** Where Debian and Raspberry Pi OS install it. */
    private static final List<Path> PLACES = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/local/sbin/mosquitto"));
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /**
     * QoS 1 messages mosquitto sends a client before waiting for its PUBACKs. history-service acknowledges a message
     * only once its batch is committed, so the window bounds its batches: 10,000 let it write two lanes of up to 2,500
     * while as many arrive (part of what took bench/history from 13,000-16,000 to about 21,000 points/s; 500 to 1,000
     * left every batch waiting out its linger). Hearth's transport pauses its socket reads at its own in-processing
     * limit, so a client holds this many only when its handlers stall for longer than its longest pause (5 s).
     */
    public static final int MAX_INFLIGHT = 10_000;
    /** How often mosquitto publishes its $SYS counters, among them the drops that {@link #droppedMessages} reads. */
    static final int SYS_INTERVAL_SECONDS = 5;

    private final Path binary;
    private final String host;
    private final int port;
    private final Path config;
    private final Path log;
    private final Path pidFile;
    private Process process;
    private MosquittoDrops drops;

    private MosquittoBroker(Path binary, Path dir, String host, int port, long maxQueued) throws IOException {
        this.binary = binary;
        this.host = host;
        this.port = port;
        Files.createDirectories(dir);
        this.config = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        this.pidFile = dir.resolve("mosquitto.pid");
        Files.writeString(config, """
                # Written by Hearth at every start; changes here are lost (HEARTH_MQTT_URL points at a broker of your own).
                # Started as root, mosquitto would switch to the user "mosquitto", who cannot write Hearth's data directory.
                user %s
                per_listener_settings false
                allow_anonymous true
                listener %d %s
                persistence true
                persistence_location %s/
                autosave_interval 30
                max_queued_messages %d
                max_inflight_messages %d
                max_packet_size %d
                sys_interval %d
                log_dest file %s
                """.formatted(System.getProperty("user.name"), port, host, dir.toAbsolutePath(), maxQueued,
                MAX_INFLIGHT, EmbeddedBroker.MAX_PACKET_BYTES, SYS_INTERVAL_SECONDS, log.toAbsolutePath()));
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
        return start(dir, host, port, EmbeddedBroker.MAX_QUEUED_PER_CLIENT);
    }

    /** With {@code maxQueued} messages queued per client (tests: a queue that fills quickly). */
    static MosquittoBroker start(Path dir, String host, int port, long maxQueued) {
        Path binary = installed().orElseThrow(() -> new StackException("mosquitto is not installed (sudo apt install mosquitto)"));
        stopLeftOver(dir);
        Ports.requireFree(host, port, "MQTT broker (HEARTH_MQTT_PORT; a mosquitto service of the system may hold it:"
                + " HEARTH_MQTT_URL=mqtt://localhost:" + port + " uses that one instead)");
        try {
            MosquittoBroker broker = new MosquittoBroker(binary, dir, host, port, maxQueued);
            broker.startAgain();
            return broker;
        } catch (IOException e) {
            throw new StackException("mosquitto did not start: " + e.getMessage(), e);
        }
    }

    /** Starts the broker again with the same configuration, after {@link #kill}. */
    public void startAgain() throws IOException {
        if (drops != null) {
            drops.restarted(); // before the new run can report: its counter starts from zero
        } else {
            drops = new MosquittoDrops("mqtt://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port);
        }
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString()); // a session of its own: Ctrl-C reaches the launcher, which stops it last
        }
        command.addAll(List.of(binary.toString(), "-c", config.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.resolveSibling("mosquitto.out").toFile())).start();
        for (int i = 0; i < 100 && !listening() && process.isAlive(); i++) {
            sleep(100);
        }
        if (!process.isAlive() || !listening()) {
            // Not ours if it died (a port taken meanwhile): never hand the services someone else's broker.
            process.destroyForcibly();
            throw new StackException("mosquitto did not start on " + host + ":" + port + ": see " + log.resolveSibling("mosquitto.out"));
        }
        Files.writeString(pidFile, Long.toString(process.pid()));
        drops.connect();
    }

    /**
     * Messages mosquitto dropped since this object started it, across restarts, as of its last $SYS report (every
     * {@value #SYS_INTERVAL_SECONDS} s): a client's queue was full. Empty when its $SYS topics cannot be read.
     */
    public OptionalLong droppedMessages() {
        return drops == null ? OptionalLong.empty() : drops.dropped();
    }

    /**
     * A mosquitto of an earlier run whose launcher was killed (a kill -9, a power cut of the JVM only) still holds the
     * port: stop it, if it is ours (its command line names our configuration).
     */
    private static void stopLeftOver(Path dir) {
        Path pid = dir.resolve("mosquitto.pid");
        if (!Files.isRegularFile(pid)) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
                    .filter(p -> p.info().commandLine().orElse("").contains(dir.resolve("mosquitto.conf").toString()))
                    .ifPresent(p -> {
                        System.err.println("hearth: stopping the mosquitto an earlier run left behind (pid " + p.pid() + ")");
                        p.destroy();
                        p.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
                    });
        } catch (IOException | NumberFormatException e) {
            // no usable pid file: nothing to stop
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
        if (drops != null) {
            drops.close();
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a stale pid file is checked against the command line before use
        }
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
