package dev.hearth.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

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

    void stop() throws InterruptedException {
        process.destroy(); // SIGTERM, as Ctrl-C or systemd: everything stops in order
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** Every process of the box, by name: the launcher, the broker, PostgreSQL's cluster and the services. */
    Map<String, List<Long>> processes(Path root, Path data) {
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        processes.put("launcher JVM", List.of(pid));
        List<Long> mosquitto = ProcFs.treeMatching(data.resolve("mosquitto").toString());
        processes.put(mosquitto.isEmpty() ? "(embedded broker: in the launcher)" : "mosquitto", mosquitto);
        processes.put("PostgreSQL (all its processes)", ProcFs.treeMatching(data.resolve("postgres").toString()));
        for (String service : HearthStack.services()) {
            processes.put(service, ProcFs.treeMatching(root.resolve(service).resolve("target/quarkus-app").toString()));
        }
        return processes;
    }
}
