package dev.hearth.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.local.stack.HearthStack;
import dev.hearth.local.stack.Ports;
import dev.hearth.transport.MqttSession;
import dev.hearth.transport.MqttSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;

/**
 * The single box under load, measured: for each rate and each number of clients ({@code HEARTH_BENCH_CLIENTS}), a
 * 100-sensor publisher for {@code HEARTH_BENCH_SECONDS} (default 60) to Debian's Mosquitto with as many
 * MQTT-over-WebSocket clients (the baseline, while Hearth idles), then the same load to Hearth with as many WebSocket
 * clients on web-edge (and again with one more client that reads nothing), then the time history-service takes to
 * store it all; finally a burst of 100,000 readings into history-service. Prints each figure beside its baseline, and the machine.
 * Measures; asserts nothing.
 */
public final class Bench {

    private static final String HOME = "home";
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final String PASSWORD = "bench-" + UUID.randomUUID();
    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger ROOT_LOG = Logger.getLogger("");
    private static final Logger OSHI_LOG = Logger.getLogger("oshi");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_SECONDS", "60"));
        int burst = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_BURST", "100000"));
        List<Integer> rates = java.util.Arrays.stream(System.getenv().getOrDefault("HEARTH_BENCH_RATES", "1000,5000").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        List<Integer> clientCounts = java.util.Arrays.stream(System.getenv().getOrDefault("HEARTH_BENCH_CLIENTS", "20,100").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        boolean stalled = !"0".equals(System.getenv().getOrDefault("HEARTH_BENCH_STALLED", "1"));
        // The broker's and the database's chatter would drown the figures.
        ROOT_LOG.setLevel(Level.WARNING);
        OSHI_LOG.setLevel(Level.OFF);
        System.out.println(Machine.describe());
        Path root = Path.of(System.getenv().getOrDefault("HEARTH_ROOT", ".")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("hearth-bench-");
        int httpPort = Ports.free();
        // The broker ./hearth run takes on this machine (mosquitto where it is installed) unless HEARTH_BROKER says
        // otherwise (embedded, mosquitto): every frame's latency is its broker's as much as web-edge's.
        HearthStack.Settings settings = new HearthStack.Settings(root, data, HOME, httpPort, "127.0.0.1", Ports.free(), null, null,
                PASSWORD, UUID.randomUUID().toString().replace("-", ""), Duration.ofMinutes(3),
                System.getenv().getOrDefault("HEARTH_BROKER", "auto"));
        Vertx vertx = Vertx.vertx();
        List<String> rows = new ArrayList<>();
        List<String> drains = new ArrayList<>();
        Results results = Results.of("web-edge");
        try (HearthStack stack = HearthStack.start(settings, line -> System.out.println("  " + line))) {
            URI live = URI.create("ws://127.0.0.1:" + httpPort + "/ws/live");
            boolean withoutHistory = "1".equals(System.getenv("HEARTH_BENCH_WITHOUT_HISTORY"));
            if (withoutHistory) {
                // To see what history-service's one-transaction-per-reading ingest costs everyone else on the box.
                stack.stop("history-service");
                System.out.println("history-service stopped for this run (HEARTH_BENCH_WITHOUT_HISTORY=1)");
            }
            long sent = 0;
            for (int rate : rates) {
                for (int clients : clientCounts) {
                    // The baseline first, while Hearth idles; then Hearth; then history-service stores what it got, so
                    // that its catching up does not weigh on the next measurement.
                    String plot = String.format(Locale.ROOT, "latency-%d-%d", rate, clients);
                    results.axes(plot, String.format(Locale.ROOT, "Publish → frame latency, %,d readings/s, %d clients", rate, clients),
                            "percentile", "milliseconds", true);
                    Row mosquittoRow = null;
                    if (Mosquitto.available()) {
                        try (Mosquitto mosquitto = new Mosquitto()) {
                            mosquittoRow = run("Mosquitto WebSocket listener", rate, clients, seconds, vertx, mosquitto.mqttPort, null,
                                    r -> Watchers.mqttOverWebSocket(mosquitto.wsPort, HOME, clients, r), results, plot, null);
                            rows.add(mosquittoRow.text());
                        }
                    } else {
                        rows.add(String.format("| Mosquitto WebSocket listener | %,d/s | %d | not run: %s is missing (apt-get install mosquitto) |",
                                rate, clients, Mosquitto.BINARY));
                    }
                    Row hivemq = run(stack.brokerName() + " to MQTT subscribers (no web-edge)", rate, clients, seconds, vertx, stack.mqttPort(), null,
                            r -> Watchers.mqtt(vertx, stack.mqttPort(), HOME, clients, r), results, plot, null);
                    long webEdge = stack.service("web-edge").pid();
                    Row edge = run("web-edge /ws/live", rate, clients, seconds, vertx, stack.mqttPort(), webEdge,
                            r -> Watchers.webEdge(vertx, live, "admin", PASSWORD, clients, r), results, plot, () -> replaced(httpPort));
                    String at = String.format(Locale.ROOT, " (%,d readings/s, %d clients)", rate, clients);
                    if (mosquittoRow != null) {
                        results.figure("web-edge: /ws/live latency p50" + at, edge.p50(), "ms", "Mosquitto's WebSocket listener",
                                mosquittoRow.p50(), "lower");
                        results.figure("web-edge: /ws/live latency p99" + at, edge.p99(), "ms", "Mosquitto's WebSocket listener",
                                mosquittoRow.p99(), "lower");
                    }
                    results.target("web-edge: /ws/live frames lost" + at, edge.lost(), "", "nothing lost", 0, "lower");
                    rows.add(hivemq.text());
                    rows.add(edge.text());
                    sent += hivemq.acked() + edge.acked();
                    if (stalled) {
                        // The same, with one more client that reads nothing for the whole run.
                        Row withStalled = run("web-edge /ws/live, one more client stalled", rate, clients, seconds, vertx, stack.mqttPort(),
                                webEdge, r -> Watchers.webEdge(vertx, live, "admin", PASSWORD, clients, r)
                                        .and(Watchers.stalledWebEdge(vertx, live, "admin", PASSWORD)), results, null, null);
                        results.figure("web-edge: /ws/live latency p99 with one more client stalled" + at, withStalled.p99(), "ms",
                                "no stalled client", edge.p99(), "lower");
                        rows.add(withStalled.text());
                        sent += withStalled.acked();
                    }
                    System.out.println(transportMetrics(httpPort));
                    // What Hearth's broker acknowledged, warm-ups included: what history-service owes.
                    if (!withoutHistory) {
                        drains.add(drain(stack, "sensors/bench-%", sent, rate));
                        System.out.println(drains.get(drains.size() - 1));
                    }
                }
            }
            String history = withoutHistory || burst == 0 ? "history-service burst: not run" : historyBurst(stack, vertx, burst);
            System.out.println();
            System.out.println("| target | rate | clients | published | acked | lost frames | duplicates | p50 ms | p99 ms | web-edge |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            rows.forEach(System.out::println);
            System.out.println();
            drains.forEach(System.out::println);
            System.out.println(history);
        } finally {
            vertx.close();
        }
    }

    private interface WatcherFactory {
        Watchers open(Recorder recorder) throws Exception;
    }

    /** One measured row, every publish the broker acknowledged for it (warm-up included), and its figures. */
    private record Row(String text, long acked, double p50, double p99, long lost) {
    }

    /**
     * {@code sampled}: the pid whose RSS and CPU the row reports (web-edge's), or null; {@code replaced}: web-edge's
     * count of queued updates it replaced by newer ones of their topic for clients behind (docs/apis.md: missing frames
     * on purpose), or null.
     */
    private static Row run(String target, int rate, int clients, int seconds, Vertx vertx, int mqttPort, Long sampled,
            WatcherFactory watchers, Results results, String plot, ReplacedCount replaced) throws Exception {
        System.out.printf("%s at %,d readings/s to %d clients for %d s...%n", target, rate, clients, seconds);
        int total = rate * seconds;
        Recorder recorder = new Recorder(total, clients);
        MqttSession session = new MqttSession(vertx, MqttSettings.of("127.0.0.1", mqttPort, HOME, "bench-load-" + rate),
                new SimpleMeterRegistry());
        session.start();
        try (Watchers open = watchers.open(recorder)) {
            waitFor(session);
            // Ten seconds at the same rate first, not measured: the JIT, the broker's queues and the sockets warm up.
            LoadPublisher.Outcome warmUp = new LoadPublisher(session, HOME).run(rate, WARM_UP, recorder, total);
            double replacedBefore = replaced == null ? 0 : replaced.get();
            String resources = "";
            LoadPublisher.Outcome outcome;
            try (ProcessSampler sampler = sampled == null ? null : new ProcessSampler(sampled)) {
                outcome = new LoadPublisher(session, HOME).run(rate, Duration.ofSeconds(seconds), recorder);
                if (sampler != null) {
                    resources = sampler.summary();
                }
            }
            Thread.sleep(5_000); // let the last frames arrive
            double[] p = recorder.quantilesMillis(0.5, 0.99);
            long lost = recorder.lost(outcome.published(), clients);
            String row = String.format(Locale.ROOT, "| %s | %,d/s | %d | %,d | %,d | %,d | %,d | %.2f | %.2f | %s |", target, rate, clients, total,
                    outcome.published(), lost, recorder.duplicates(), p[0], p[1], resources);
            System.out.println(row);
            if (replaced != null) {
                System.out.printf("  of the frames missing, web-edge replaced %,.0f by newer values of their topic for clients behind%n",
                        replaced.get() - replacedBefore);
            }
            if (plot != null) {
                results.latencies(plot, target, recorder);
            }
            return new Row(row, warmUp.published() + outcome.published(), p[0], p[1], lost);
        } finally {
            session.close();
        }
    }

    /** Publishes {@code count} readings as fast as the window allows; times until history-service has stored them all. */
    private static String historyBurst(HearthStack stack, Vertx vertx, int count) throws Exception {
        System.out.printf("history-service: a burst of %,d readings...%n", count);
        MqttSession session = new MqttSession(vertx, MqttSettings.of("127.0.0.1", stack.mqttPort(), HOME, "bench-burst"),
                new SimpleMeterRegistry());
        session.start();
        waitFor(session);
        long droppedBefore = stack.droppedMessages().orElse(0);
        long before = rows(stack, "sensors/burst-%");
        Instant base = Instant.parse("2032-01-01T00:00:00Z");
        long start = System.nanoTime();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sensor = String.format("burst-%02d", i % 100);
            String payload = ContractWriter.write(new Reading(sensor, Quantity.POWER, i, "W", base.plusMillis(i), i));
            pending.add(session.publish("hearth/" + HOME + "/sensors/" + sensor, payload, 1, false));
            if (pending.size() == 5_000) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        double publishSeconds = (System.nanoTime() - start) / 1e9;
        long stored;
        long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
        // Until all is stored, or what is missing the broker dropped (its queue for history-service is full).
        while ((stored = rows(stack, "sensors/burst-%") - before) + stack.droppedMessages().orElse(0) - droppedBefore < count
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        session.close();
        return String.format(Locale.ROOT, "history-service burst: %,d published in %.1f s (%,.0f/s acknowledged by the broker); %,d stored "
                + "in %.1f s = %,.0f stored points/s sustained; lost: %,d; broker drops during the burst: %,d", count, publishSeconds,
                count / publishSeconds, stored, seconds, stored / seconds, count - stored, stack.droppedMessages().orElse(0) - droppedBefore);
    }

    /** Waits until history-service has stored {@code expected} rows of {@code series}; says how long its catching up took. */
    private static String drain(HearthStack stack, String series, long expected, int rate) throws Exception {
        long start = System.nanoTime();
        long first = rows(stack, series);
        long deadline = start + Duration.ofMinutes(2).toNanos();
        long stored;
        while ((stored = rows(stack, series)) < expected && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format(Locale.ROOT, "history-service after the %,d/s run: %,d of the %,d readings acknowledged by Hearth's broker stored (%,d still arriving after "
                + "the run, in %.1f s); broker drops so far: %,d", rate, stored, expected, stored - first, seconds,
                stack.droppedMessages().orElse(0));
    }

    private static long rows(HearthStack stack, String series) throws Exception {
        try (Connection c = stack.database().connect();
                PreparedStatement s = c.prepareStatement("select count(*) from series_point where series like ?")) {
            s.setString(1, series);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private interface ReplacedCount {
        double get() throws Exception;
    }

    /** Updates web-edge replaced by newer ones of their topic for clients behind, since it started. */
    private static double replaced(int httpPort) throws Exception {
        return dev.hearth.local.testing.PrometheusText.sum(metricsPage(httpPort), "hearth_edge_ws_replaced_total");
    }

    private static String metricsPage(int httpPort) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes())).build();
        return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    /** web-edge's own view of its MQTT session after a run: pauses, messages in, failures. */
    private static String transportMetrics(int httpPort) throws Exception {
        return metricsPage(httpPort).lines().filter(l -> l.startsWith("hearth_mqtt_") && !l.startsWith("hearth_mqtt_rejected"))
                .map(l -> "  web-edge " + l).collect(java.util.stream.Collectors.joining("\n"));
    }

    static void waitFor(MqttSession session) throws InterruptedException {
        for (int i = 0; i < 100 && !session.isConnected(); i++) {
            Thread.sleep(100);
        }
    }
}
