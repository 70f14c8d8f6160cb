package dev.hearth.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.hearth.local.stack.EmbeddedBroker;

/**
 * The embedded broker in a JVM of its own, so that a test can kill it with -9 as the OOM killer or a crash would
 * (what it wrote survives in the page cache: this is not a power cut), and start it again on the same port and data
 * directory. The child stops cleanly when its standard input closes (the test ended), so it never outlives the test.
 * It reports the messages it dropped (a client's queue over its limit), which the test cannot ask another JVM for.
 */
final class BrokerProcess implements AutoCloseable {

    private static final String READY = "broker ready";
    private static final String DROPPED = "broker dropped ";

    private final int port;
    private final Path dataDir;
    private final Path log;
    private Process process;
    /** What each run of the broker reported dropping (each run counts from zero), written by that run's reader. */
    private final java.util.List<java.util.concurrent.atomic.AtomicLong> droppedByRun = new java.util.concurrent.CopyOnWriteArrayList<>();

    private BrokerProcess(int port, Path dataDir, Path log) {
        this.port = port;
        this.dataDir = dataDir;
        this.log = log;
    }

    /** Starts the broker on {@code 127.0.0.1:port}, keeping its sessions and queues in {@code dataDir}. */
    static BrokerProcess start(int port, Path dataDir, Path log) throws Exception {
        BrokerProcess broker = new BrokerProcess(port, dataDir, log);
        broker.startAgain();
        return broker;
    }

    /** Starts it again after a {@link #kill()}, on the same port and data. */
    void startAgain() throws Exception {
        java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
        droppedByRun.add(dropped);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", System.getProperty("java.class.path"), BrokerProcess.class.getName(),
                Integer.toString(port), dataDir.toString())
                .redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread output = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                    var out = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.write(line);
                    out.newLine();
                    out.flush();
                    if (line.equals(READY)) {
                        ready.complete(null);
                    } else if (line.startsWith(DROPPED)) {
                        dropped.set(Long.parseLong(line.substring(DROPPED.length())));
                    }
                }
            } catch (IOException e) {
                // The broker was killed: its output ends.
            }
            ready.completeExceptionally(new IllegalStateException("the broker process ended before it was ready; see " + log));
        }, "broker-process-output");
        output.setDaemon(true);
        output.start();
        ready.get(90, TimeUnit.SECONDS);
    }

    /** SIGKILL: no shutdown hook, no flush. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Messages every run of the broker dropped so far, as far as each reported (every 200 ms, and at a clean stop; a
     * run killed with -9 takes its last 200 ms with it).
     */
    long dropped() {
        return droppedByRun.stream().mapToLong(java.util.concurrent.atomic.AtomicLong::get).sum();
    }

    int port() {
        return port;
    }

    String url() {
        return "mqtt://127.0.0.1:" + port;
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            process.getOutputStream().close(); // the child stops its broker cleanly
            if (!process.waitFor(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** The child: {@code port dataDir}. */
    public static void main(String[] args) throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", Integer.parseInt(args[0]), Path.of(args[1]))) {
            System.out.println(READY);
            System.out.flush();
            Thread reporter = new Thread(() -> {
                long reported = 0;
                while (true) {
                    long dropped = broker.droppedMessages();
                    if (dropped != reported) {
                        System.out.println(DROPPED + dropped);
                        System.out.flush();
                        reported = dropped;
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "dropped-reporter");
            reporter.setDaemon(true);
            reporter.start();
            while (System.in.read() >= 0) {
                // Runs until the test closes our standard input.
            }
            System.out.println(DROPPED + broker.droppedMessages());
            System.out.flush();
        }
    }
}
