package dev.hearth.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * The single box's footprint: {@code ./hearth run} itself (warm build), the time from its start to "Hearth is running"
 * (the slower of the two warm starts of three), then RSS and PSS of every process at steady state with the default house,
 * and their highest RSS under 1,000 readings/s more. The broker is the launcher's choice (HEARTH_BROKER, as set).
 */
public final class FootprintBench {

    private static final String HOME = "home";

    private FootprintBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("hearth.root", ".")).toAbsolutePath().normalize();
        int steady = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_STEADY_SECONDS", "60"));
        int loadSeconds = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_SECONDS", "60"));
        Path data = Files.createTempDirectory("hearth-footprint-");
        int mqttPort = Ports.free();
        System.out.println(Machine.describe());

        List<Double> starts = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // the first start makes the data directory; the second and the third are warm
            HearthRun run = HearthRun.start(root, data, mqttPort);
            starts.add(run.readySeconds);
            run.stop();
        }
        HearthRun run = HearthRun.start(root, data, mqttPort);
        boolean completed = false;
        try {
            starts.add(run.readySeconds);
            run.output.stream().filter(l -> l.contains("MQTT broker") || l.contains("PostgreSQL  ")).forEach(System.out::println);
            List<Double> warm = new ArrayList<>(starts.subList(1, starts.size()));
            warm.sort(null);
            Results results = Results.of("footprint");
            results.target("single box: ./hearth run to all ready, warm build (the slower of two warm starts)", warm.get(warm.size() / 2), "s",
                    "issue 12's target", 15, "lower");
            System.out.printf(Locale.ROOT, "%n./hearth run to all ready: first %.1f s, warm %s s (the slower: %.1f s)%n", starts.get(0),
                    warm.stream().map(t -> String.format(Locale.ROOT, "%.1f", t)).toList(), warm.get(warm.size() / 2));

            Map<String, Long> mainProcesses = run.mainProcesses(root, data);
            System.out.printf("%nSteady state after %d s with the default house:%n", steady);
            Thread.sleep(steady * 1000L);
            Map<String, long[]> memory = table(run.processes(root, data), null);
            memory.forEach((name, kb) -> {
                if (HearthStack.services().contains(name)) {
                    results.target("single box: RSS of " + name + " at steady state", kb[0] / 1024.0, "MB", "issue 12's target", 100, "lower");
                }
            });
            // Summed RSS counts PostgreSQL's shared buffers once per backend; PSS splits shared pages among their users.
            results.target("single box: PSS of the whole stack at steady state", memory.values().stream().mapToLong(kb -> kb[1]).sum()
                    / 1024.0, "MB", "issue 12's target", 600, "lower");
            results.target("single box: RSS of the whole stack at steady state, summed", memory.values().stream().mapToLong(kb -> kb[0]).sum()
                    / 1024.0, "MB", "issue 12's target", 600, "lower");
            if (loadSeconds == 0) {
                completed = true;
                return;
            }
            System.out.printf("%nUnder 1,000 readings/s more for %d s (highest RSS, sampled each second):%n", loadSeconds);
            Map<String, Long> maxRss = new ConcurrentHashMap<>();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            // Found again at each sample: PostgreSQL's backends come and go.
            sampler.scheduleAtFixedRate(() -> run.processes(root, data).forEach((name, pids) ->
                    maxRss.merge(name, pids.stream().mapToLong(ProcFs::rssKb).sum(), Math::max)), 0, 1, TimeUnit.SECONDS);
            Vertx vertx = Vertx.vertx();
            MqttSession session = new MqttSession(vertx, MqttSettings.of("127.0.0.1", mqttPort, HOME, "bench-footprint"),
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
            table(run.processes(root, data), maxRss);
            results.alone("single box: RSS of the whole stack under 1,000 readings/s more, each process's highest summed (an upper bound)",
                    maxRss.values().stream().mapToLong(Long::longValue).sum() / 1024.0, "MB");
            mainProcesses.forEach((name, pid) -> {
                if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    System.out.println("  " + name + " DIED during the load");
                }
            });
            completed = true;
        } finally {
            run.stop();
            if (completed) {
                HearthRun.delete(data); // kept when the benchmark failed: its service logs say why
            }
        }
    }

    /** Prints the table; answers each process's RSS and PSS in kB. */
    private static Map<String, long[]> table(Map<String, List<Long>> processes, Map<String, Long> maxRss) {
        Map<String, long[]> memoryKb = new LinkedHashMap<>();
        System.out.println("| process | RSS MB | PSS MB |" + (maxRss == null ? "" : " highest RSS under load MB |"));
        System.out.println("|---|---|---|" + (maxRss == null ? "" : "---|"));
        long rss = 0;
        long pss = 0;
        long max = 0;
        for (Map.Entry<String, List<Long>> p : processes.entrySet()) {
            long r = p.getValue().stream().mapToLong(ProcFs::rssKb).sum();
            long s = p.getValue().stream().mapToLong(ProcFs::pssKb).sum();
            memoryKb.put(p.getKey(), new long[] {r, s});
            rss += r;
            pss += s;
            long m = maxRss == null ? 0 : maxRss.getOrDefault(p.getKey(), 0L);
            max += m;
            System.out.printf(Locale.ROOT, "| %s | %d | %d |%s%n", p.getKey(), r / 1024, s / 1024,
                    maxRss == null ? "" : String.format(" %d |", m / 1024));
        }
        System.out.printf(Locale.ROOT, "| **whole stack** | %d | %d |%s%n", rss / 1024, pss / 1024,
                maxRss == null ? "" : String.format(" %d |", max / 1024));
        return memoryKb;
    }
}
