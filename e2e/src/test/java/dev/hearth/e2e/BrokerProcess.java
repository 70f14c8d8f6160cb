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
 * It reports the messages it dropped and why (a client's queue over its limit loses readings; an internal error is a
 * message a kill left half-written, which its publisher sends again), which the test cannot ask another JVM for.
 */
final class BrokerProcess implements AutoCloseable {

    private static final String READY = "broker ready";
    private static final String DROPPED = "broker dropped ";

    private final int port;
    private final Path dataDir;
    private final Path log;
    private Process process;
    /** What each run of the broker last reported dropping (each run counts from zero), written by that run's reader. */
    private final java.util.List<java.util.concurrent.atomic.AtomicReference<Drops>> droppedByRun = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** One run's report: {@code total orphans reasons}, where orphans are the drops that lose nothing. */
    private record Drops(long total, long orphans, String reasons) {
        static final Drops NONE = new Drops(0, 0, "{}");

        static Drops parse(String report) {
            String[] parts = report.split(" ", 3);
            return new Drops(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]);
        }

        String report() {
            return total + " " + orphans + " " + reasons;
        }
    }

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
        var dropped = new java.util.concurrent.atomic.AtomicReference<>(Drops.NONE);
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
                        try {
                            dropped.set(Drops.parse(line.substring(DROPPED.length())));
                        } catch (RuntimeException e) {
                            // A line the broker's own output cut into: the next report comes 200 ms later.
                        }
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
     * Messages every run of the broker dropped so far that lost a message: every drop but the orphans a kill left
     * half-written (their publishers send them again), as far as each run reported (every 200 ms, and at a clean stop;
     * a run killed with -9 takes its last 200 ms with it). A drop whose reason did not reach the broker's log counts.
     */
    long droppedLosing() {
        return droppedByRun.stream().mapToLong(d -> d.get().total() - d.get().orphans()).sum();
    }

    /** Every run's drops by reason, for the record. */
    String droppedByRun() {
        return droppedByRun.stream().map(d -> d.get().reasons()).toList().toString();
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
                String reported = Drops.NONE.report();
                while (true) {
                    String dropped = drops(broker).report();
                    if (!dropped.equals(reported)) {
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
            System.out.println(DROPPED + drops(broker).report());
            System.out.flush();
        }
    }

    private static Drops drops(EmbeddedBroker broker) {
        long total = broker.droppedMessages();
        // HiveMQ counts a drop a moment before it logs why: give the reasons that moment to catch up.
        long deadline = System.nanoTime() + 100_000_000L;
        var reasons = broker.droppedByReason();
        while (reasons.values().stream().mapToLong(Long::longValue).sum() < total && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
            reasons = broker.droppedByReason();
        }
        return new Drops(total, broker.droppedOrphans(), reasons.toString().replace(' ', '_'));
    }
}
