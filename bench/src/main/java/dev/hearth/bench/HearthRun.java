package dev.hearth.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.hearth.local.stack.HearthStack;
import dev.hearth.local.stack.Ports;

/**
 * {@code ./hearth run} as a person starts it, in a data directory and on ports of the benchmark's: what the footprint
 * and soak benchmarks measure, launcher and all.
 */
final class HearthRun {

    static final String ADMIN_PASSWORD = "bench-admin-password";

    final Process process;
    final long pid;
    final double readySeconds;
    final int httpPort;
    final List<String> output;

    private HearthRun(Process process, double readySeconds, int httpPort, List<String> output) {
        this.process = process;
        this.pid = process.pid();
        this.readySeconds = readySeconds;
        this.httpPort = httpPort;
        this.output = output;
    }

    /** Starts it and waits (up to 5 minutes: a first run builds) until it says "Hearth is running". */
    static HearthRun start(Path root, Path data, int mqttPort) throws Exception {
        int httpPort = Ports.free();
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("hearth").toString(), "run").redirectErrorStream(true);
        builder.environment().put("HEARTH_DATA_DIR", data.toString());
        builder.environment().put("HEARTH_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("HEARTH_MQTT_PORT", Integer.toString(mqttPort));
        builder.environment().put("HEARTH_ADMIN_PASSWORD", ADMIN_PASSWORD);
        long t0 = System.nanoTime();
        Process process = builder.start();
        CompletableFuture<Double> ready = new CompletableFuture<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                    if (line.startsWith("Hearth is running")) {
                        ready.complete((System.nanoTime() - t0) / 1e9);
                    }
                }
                ready.completeExceptionally(new IllegalStateException("./hearth run ended: " + String.join("\n", lines)));
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
        }, "hearth-run-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new HearthRun(process, ready.get(5, TimeUnit.MINUTES), httpPort, lines);
        } catch (Exception e) {
            process.destroy();
            throw e;
        }
    }

    /** SIGTERM, as Ctrl-C or systemd (everything stops in order); after a minute, SIGKILL to it and whatever it started. */
    void stop() throws InterruptedException {
        List<ProcessHandle> started = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            started.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** Deletes a run's data directory (its PostgreSQL cluster, broker store, logs): a benchmark leaves nothing behind. */
    static void delete(Path data) {
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // Left in the temporary directory; nothing depends on it.
        }
    }

    /**
     * The long-lived process of each part, by name (the launcher, the broker, PostgreSQL's postmaster, the services):
     * what must still run at the end. PostgreSQL's backends and workers come and go, and are not in it.
     */
    Map<String, Long> mainProcesses(Path root, Path data) {
        Map<String, Long> main = new LinkedHashMap<>();
        processes(root, data).forEach((name, pids) -> {
            if (!pids.isEmpty()) {
                main.put(name, pids.get(0));
            }
        });
        return main;
    }

    /**
     * Every process of this run, by name: the launcher, the broker, PostgreSQL's cluster and the services. Found
     * afresh at each call (PostgreSQL's backends come and go) and only among this run's own processes, whatever else
     * runs from the same checkout.
     */
    Map<String, List<Long>> processes(Path root, Path data) {
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        processes.put("launcher JVM", List.of(pid));
        List<ProcessHandle> children = process.descendants().toList();
        List<Long> mosquitto = matching(children, data.resolve("mosquitto").toString());
        processes.put(mosquitto.isEmpty() ? "(embedded broker: in the launcher)" : "mosquitto", mosquitto);
        processes.put("PostgreSQL (all its processes)", postgres(data));
        for (String service : HearthStack.services()) {
            processes.put(service, matching(children, root.resolve(service).resolve("target/quarkus-app").toString()));
        }
        return processes;
    }

    private static List<Long> matching(List<ProcessHandle> processes, String text) {
        return processes.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).filter(p -> ProcFs.cmdline(p).contains(text)).toList();
    }

    /** The postmaster first (pg_ctl detaches it from the launcher: it is found by its pid file), then its children. */
    private static List<Long> postgres(Path data) {
        try {
            long postmaster = Long.parseLong(Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
            List<Long> tree = new java.util.ArrayList<>(List.of(postmaster));
            tree.addAll(ProcFs.children(postmaster));
            return tree;
        } catch (IOException | RuntimeException e) {
            return List.of(); // not running
        }
    }
}
