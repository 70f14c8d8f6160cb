package dev.hearth.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.hearth.local.stack.HearthStack;
import dev.hearth.local.stack.Ports;
import dev.hearth.transport.MqttSession;
import dev.hearth.transport.MqttSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

/**
 * The single box's footprint as {@code ./hearth run} starts it: the time from start to all ready (warm, median of
 * three starts), then RSS and PSS of every process at steady state with the default house, and their highest RSS
 * under 1,000 readings/s more. The broker is chosen as the launcher chooses it (HEARTH_BENCH_BROKER, default auto: an
 * installed mosquitto, else the embedded one, which lives in this JVM as in the launcher's).
 */
public final class FootprintBench {

    private static final String HOME = "home";

    private FootprintBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("hearth.root", ".")).toAbsolutePath().normalize();
        int steady = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_STEADY_SECONDS", "60"));
        int loadSeconds = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_SECONDS", "60"));
        String broker = System.getenv().getOrDefault("HEARTH_BENCH_BROKER", "auto");
        Path data = Files.createTempDirectory("hearth-footprint-");
        System.out.println(Machine.describe());
        HearthStack.Settings settings = new HearthStack.Settings(root, data, HOME, Ports.free(), "127.0.0.1", Ports.free(), null, null,
                "footprint-admin-password", UUID.randomUUID().toString().replace("-", ""), Duration.ofMinutes(3), broker);

        List<Double> starts = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // the first start makes the data directory; these two and the one below are warm
            long t0 = System.nanoTime();
            try (HearthStack stack = HearthStack.start(settings, line -> { })) {
                starts.add((System.nanoTime() - t0) / 1e9);
            }
        }
        long t0 = System.nanoTime();
        try (HearthStack stack = HearthStack.start(settings, line -> System.out.println("  " + line))) {
            starts.add((System.nanoTime() - t0) / 1e9);
            List<Double> warm = new ArrayList<>(starts.subList(1, starts.size()));
            warm.sort(null);
            System.out.printf(Locale.ROOT, "%nStart to all ready: first %.1f s, warm %s s (median %.1f s)%n", starts.get(0),
                    warm.stream().map(s -> String.format(Locale.ROOT, "%.1f", s)).toList(), warm.get(warm.size() / 2));

            Map<String, List<Long>> processes = processes(stack, data);
            System.out.printf("%nSteady state after %d s with the default house:%n", steady);
            Thread.sleep(steady * 1000L);
            table(processes, null);

            System.out.printf("%nUnder 1,000 readings/s more for %d s (highest RSS, sampled each second):%n", loadSeconds);
            Map<String, Long> maxRss = new ConcurrentHashMap<>();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            sampler.scheduleAtFixedRate(() -> processes.forEach((name, pids) ->
                    maxRss.merge(name, pids.stream().mapToLong(ProcFs::rssKb).sum(), Math::max)), 0, 1, TimeUnit.SECONDS);
            Vertx vertx = Vertx.vertx();
            MqttSession session = new MqttSession(vertx, MqttSettings.of("127.0.0.1", stack.mqttPort(), HOME, "bench-footprint"),
                    new SimpleMeterRegistry());
            session.start();
            try {
                Bench.waitFor(session);
                LoadPublisher.Outcome outcome = new LoadPublisher(session, HOME).run(1000, Duration.ofSeconds(loadSeconds),
                        new Recorder(1000 * loadSeconds, 0));
                System.out.printf("published %,d, acknowledged by the broker %,d%n", 1000 * loadSeconds, outcome.published());
            } finally {
                session.close();
                vertx.close();
                sampler.shutdownNow();
            }
            table(processes, maxRss);
            processes.forEach((name, pids) -> {
                boolean alive = pids.stream().allMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
                if (!alive) {
                    System.out.println("  " + name + " DIED during the load");
                }
            });
        }
    }

    /** Every process of the box, by name: the services, PostgreSQL's cluster, mosquitto, and this JVM (the launcher's part). */
    private static Map<String, List<Long>> processes(HearthStack stack, Path data) {
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        processes.put(stack.broker() != null ? "launcher JVM with the embedded broker" : "launcher JVM",
                List.of(ProcessHandle.current().pid()));
        List<Long> mosquitto = ProcFs.treeMatching(data.resolve("mosquitto").toString());
        if (!mosquitto.isEmpty()) {
            processes.put("mosquitto", mosquitto);
        }
        processes.put("PostgreSQL (all its processes)", ProcFs.treeMatching(data.resolve("postgres").toString()));
        for (String service : HearthStack.services()) {
            processes.put(service, List.of(stack.service(service).pid()));
        }
        return processes;
    }

    private static void table(Map<String, List<Long>> processes, Map<String, Long> maxRss) {
        System.out.println("| process | RSS MB | PSS MB |" + (maxRss == null ? "" : " highest RSS under load MB |"));
        System.out.println("|---|---|---|" + (maxRss == null ? "" : "---|"));
        long rss = 0;
        long pss = 0;
        long max = 0;
        for (Map.Entry<String, List<Long>> p : processes.entrySet()) {
            long r = p.getValue().stream().mapToLong(ProcFs::rssKb).sum();
            long s = p.getValue().stream().mapToLong(ProcFs::pssKb).sum();
            rss += r;
            pss += s;
            long m = maxRss == null ? 0 : maxRss.getOrDefault(p.getKey(), 0L);
            max += m;
            System.out.printf(Locale.ROOT, "| %s | %d | %d |%s%n", p.getKey(), r / 1024, s / 1024,
                    maxRss == null ? "" : String.format(" %d |", m / 1024));
        }
        System.out.printf(Locale.ROOT, "| **whole stack** | %d | %d |%s%n", rss / 1024, pss / 1024,
                maxRss == null ? "" : String.format(" %d |", max / 1024));
    }
}
