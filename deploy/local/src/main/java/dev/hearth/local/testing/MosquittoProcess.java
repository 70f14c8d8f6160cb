package dev.hearth.local.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.hearth.local.stack.Ports;

/**
 * Debian's {@code mosquitto} as a separate process, for tests that need what an in-JVM broker cannot give: a kill -9.
 * Anonymous, on 127.0.0.1 and a free port kept across {@link #kill} and {@link #startAgain}, persistence in its
 * directory. {@code .ci/run} installs the package.
 */
public final class MosquittoProcess implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final int port = Ports.free();
    private final Path config;
    private final Path log;
    private Process process;

    private MosquittoProcess(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.config = dir.resolve("mosquitto.conf");
        this.log = dir.resolve("mosquitto.log");
        Files.writeString(config, """
                allow_anonymous true
                listener %d 127.0.0.1
                persistence true
                persistence_location %s/
                max_queued_messages 100000
                log_dest file %s
                """.formatted(port, dir.toAbsolutePath(), log.toAbsolutePath()));
    }

    public static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Starts a broker keeping its files in {@code dir}, and waits until it listens. */
    public static MosquittoProcess start(Path dir) throws IOException, InterruptedException {
        MosquittoProcess broker = new MosquittoProcess(dir);
        broker.startAgain();
        return broker;
    }

    /** Starts the broker again on the same port, after {@link #kill}. */
    public void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.resolveSibling("mosquitto.out").toFile())).start();
        for (int i = 0; i < 100 && !listening(); i++) {
            Thread.sleep(100);
        }
        if (!listening()) {
            throw new IllegalStateException("mosquitto did not listen on " + port + ": see " + log);
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

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
