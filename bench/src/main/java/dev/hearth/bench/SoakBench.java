package dev.hearth.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.local.stack.Ports;
import dev.hearth.transport.MqttSession;
import dev.hearth.transport.MqttSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

/**
 * The single box left running: {@code ./hearth run} with the default house, plus as many readings again from a
 * publisher (twice the default load), a dashboard client on {@code /ws/live} and a chart drawn from history every
 * minute, for {@code HEARTH_BENCH_SOAK_MINUTES} (default 30). Every process's RSS is sampled every 10 s; the report
 * sets each process's last minutes beside its first. At the end: every main process still alive, every acknowledged
 * reading of the publisher stored, every chart answered. Measures; asserts nothing.
 */
public final class SoakBench {

    private static final String HOME = "home";
    private static final Duration SAMPLE = Duration.ofSeconds(10);
    private static final int SENSORS = 8;

    private SoakBench() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Bucket(long count) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record History(List<Bucket> points) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("hearth.root", ".")).toAbsolutePath().normalize();
        int minutes = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_SOAK_MINUTES", "30"));
        System.out.println(Machine.describe());
        Path data = Files.createTempDirectory("hearth-soak-");
        int mqttPort = Ports.free();
        HearthRun run = HearthRun.start(root, data, mqttPort);
        Vertx vertx = Vertx.vertx();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        Results results = Results.of("soak");
        boolean completed = false;
        results.axes("soak-rss", "Resident memory over the soak (" + minutes + " min, twice the default house's load)", "minutes",
                "MB RSS", false);
        try {
            run.output.stream().filter(l -> l.contains("MQTT broker") || l.contains("PostgreSQL  ")).forEach(System.out::println);
            Map<String, Long> mainProcesses = run.mainProcesses(root, data);
            double houseRate = houseRate(vertx, mqttPort);
            System.out.printf(Locale.ROOT, "the default house publishes %.2f readings/s; the soak adds as many for %d min%n", houseRate,
                    minutes);
            Load load = new Load(vertx, mqttPort, houseRate, timer);
            Charts charts = new Charts(run.httpPort, timer);
            URI live = URI.create("ws://127.0.0.1:" + run.httpPort + "/ws/live");
            AtomicLong frames = new AtomicLong();
            Map<String, List<double[]>> samples;
            try (Watchers dashboard = Watchers.dashboard(vertx, live, "admin", HearthRun.ADMIN_PASSWORD, frames)) {
                samples = sample(run, root, data, minutes, results);
            }
            timer.shutdownNow();
            Thread.sleep(5_000); // the last publishes' acknowledgements and rows
            load.close();

            double window = Math.min(5, minutes / 3.0);
            System.out.printf(Locale.ROOT, "%n| process | median RSS, first %.0f min | median RSS, last %.0f min | change |%n|---|---|---|---|%n",
                    window, window);
            for (Map.Entry<String, List<double[]>> s : samples.entrySet()) {
                double first = median(s.getValue(), 0, window);
                double last = median(s.getValue(), minutes - window, minutes + 1);
                System.out.printf(Locale.ROOT, "| %s | %.0f MB | %.0f MB | %+.1f %% |%n", s.getKey(), first, last, (last / first - 1) * 100);
                results.figure(String.format(Locale.ROOT, "soak: RSS of %s, median of the last %.0f of %d min", s.getKey(), window, minutes), last,
                        "MB", String.format(Locale.ROOT, "its first %.0f min", window), first, "lower");
            }
            List<String> died = mainProcesses.entrySet().stream()
                    .filter(p -> !ProcessHandle.of(p.getValue()).map(ProcessHandle::isAlive).orElse(false)).map(Map.Entry::getKey).toList();
            results.target("soak: processes that died" + (died.isEmpty() ? "" : " " + died), died.size(), "", "none", 0, "lower");
            results.target("soak: history charts that failed", charts.failed.get(), "", "none", 0, "lower");
            double stored = charts.stored(load.started);
            System.out.printf(Locale.ROOT, "%npublished %,d, acknowledged %,d, stored %,.0f; dashboard frames %,d; charts drawn %,d, failed %,d;"
                    + " processes that died: %s%n", load.published.get(), load.acknowledged.get(), stored, frames.get(), charts.drawn.get(),
                    charts.failed.get(), died.isEmpty() ? "none" : died);
            results.target("soak: acknowledged readings stored (of " + load.published.get() + " published)", stored, "",
                    "every acknowledged reading", load.acknowledged.get(), "higher");
            completed = true;
        } finally {
            timer.shutdownNow();
            vertx.close();
            run.stop();
            if (completed) {
                HearthRun.delete(data); // kept when the soak failed: its service logs say why
            }
        }
    }

    /** The default house's own readings a second, counted on the broker for a minute (retained copies left out). */
    private static double houseRate(Vertx vertx, int mqttPort) throws Exception {
        AtomicLong readings = new AtomicLong();
        MqttSession listener = new MqttSession(vertx, MqttSettings.of("127.0.0.1", mqttPort, HOME, "bench-soak-listener"),
                new SimpleMeterRegistry());
        listener.subscribe("hearth/" + HOME + "/sensors/+", 1, message -> {
            if (!message.retained()) {
                readings.incrementAndGet();
            }
            return CompletableFuture.completedFuture(null);
        });
        listener.start();
        try {
            Bench.waitFor(listener);
            Thread.sleep(60_000);
            return readings.get() / 60.0;
        } finally {
            listener.close();
        }
    }

    /** Every {@link #SAMPLE}, each part's RSS (its processes found again each time: PostgreSQL's backends come and go). */
    private static Map<String, List<double[]>> sample(HearthRun run, Path root, Path data, int minutes, Results results)
            throws InterruptedException {
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofMinutes(minutes).toNanos()) {
            double at = (System.nanoTime() - start) / 60e9;
            long total = 0;
            for (Map.Entry<String, List<Long>> p : run.processes(root, data).entrySet()) {
                long kb = p.getValue().stream().mapToLong(ProcFs::rssKb).sum();
                total += kb;
                if (!p.getValue().isEmpty()) {
                    record(results, samples, p.getKey(), at, kb / 1024.0);
                }
            }
            record(results, samples, "whole stack", at, total / 1024.0);
            Thread.sleep(SAMPLE.toMillis());
        }
        return samples;
    }

    /** As many readings again as the house publishes, QoS 1, spread over {@link #SENSORS} sensors of their own. */
    private static final class Load implements AutoCloseable {
        final AtomicLong published = new AtomicLong();
        final AtomicLong acknowledged = new AtomicLong();
        final Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        private final MqttSession session;

        Load(Vertx vertx, int mqttPort, double rate, ScheduledExecutorService timer) throws InterruptedException {
            session = new MqttSession(vertx, MqttSettings.of("127.0.0.1", mqttPort, HOME, "bench-soak-publisher"), new SimpleMeterRegistry());
            session.start();
            Bench.waitFor(session);
            timer.scheduleAtFixedRate(() -> {
                try {
                    long seq = published.getAndIncrement();
                    String sensor = "soak-" + seq % SENSORS;
                    String payload = ContractWriter.write(new Reading(sensor, Quantity.TEMPERATURE, 20 + seq % 50 / 10.0, "°C", Instant.now(), seq));
                    session.publish("hearth/" + HOME + "/sensors/" + sensor, payload, 1, false).thenRun(acknowledged::incrementAndGet);
                } catch (RuntimeException e) {
                    // An exception out of a periodic task would cancel the rest of the load.
                    System.out.println("soak: a publish failed: " + e);
                }
            }, 0, (long) (1e6 / Math.max(0.1, rate)), TimeUnit.MICROSECONDS);
        }

        @Override
        public void close() {
            session.close();
        }
    }

    /** A day's chart of the living room drawn from history through web-edge every minute, as a dashboard would. */
    private static final class Charts {
        final AtomicLong drawn = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private final HttpClient http = HttpClient.newHttpClient();
        private final String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + HearthRun.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        private final int httpPort;

        Charts(int httpPort, ScheduledExecutorService timer) {
            this.httpPort = httpPort;
            timer.scheduleAtFixedRate(() -> {
                try {
                    HttpResponse<String> answer = get("/api/history/sensors/living-temp?from="
                            + Instant.now().minus(Duration.ofHours(24)).truncatedTo(ChronoUnit.SECONDS));
                    (answer.statusCode() == 200 ? drawn : failed).incrementAndGet();
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }, 30, 60, TimeUnit.SECONDS);
        }

        private HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).header("Authorization", auth)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }

        /** The load's readings history holds, counted through web-edge's history API; NaN when it cannot say. */
        double stored(Instant from) {
            ObjectMapper json = new ObjectMapper();
            long stored = 0;
            Instant to = Instant.now().plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.MINUTES);
            try {
                for (int s = 0; s < SENSORS; s++) {
                    HttpResponse<String> answer = get("/api/history/sensors/soak-" + s + "?agg=count&step=PT1M&from="
                            + from.truncatedTo(ChronoUnit.MINUTES) + "&to=" + to);
                    if (answer.statusCode() != 200) {
                        System.out.println("soak: history of soak-" + s + " answered " + answer.statusCode() + ": " + answer.body());
                        return Double.NaN;
                    }
                    stored += json.readValue(answer.body(), History.class).points().stream().mapToLong(Bucket::count).sum();
                }
                return stored;
            } catch (Exception e) {
                System.out.println("soak: could not count what history stored: " + e);
                return Double.NaN;
            }
        }
    }

    private static void record(Results results, Map<String, List<double[]>> samples, String name, double minute, double mb) {
        results.point("soak-rss", name, minute, mb);
        samples.computeIfAbsent(name, n -> new ArrayList<>()).add(new double[] {minute, mb});
    }

    private static double median(List<double[]> samples, double from, double to) {
        double[] in = samples.stream().filter(s -> s[0] >= from && s[0] < to).mapToDouble(s -> s[1]).sorted().toArray();
        return in.length == 0 ? Double.NaN : in[in.length / 2];
    }
}
