package dev.hearth.bench;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.postgresql.PGConnection;

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
 * history-service measured against its two limits on the same machine, in one run: ingest (MQTT publishers at QoS 1
 * through history-service into PostgreSQL) beside the broker's own rate to a bare subscriber and the raw COPY rate of
 * the same rows into the same table; then queries over a year of 1-minute data for 10 series (loaded with COPY,
 * rollups rebuilt by the service) beside the same hourly query computed from the raw table. See bench/README.md.
 */
public final class HistoryBench {

    private static final String HOME = "bench";
    private static final int SERIES = 1000;
    private static final int QUERY_SERIES = 10;
    private static final Logger ROOT_LOG = Logger.getLogger("");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private HistoryBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_POINTS", "90000"));
        int publishers = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_PUBLISHERS", "4"));
        int queryRuns = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_QUERIES", "100"));
        ROOT_LOG.setLevel(Level.WARNING);
        Logger.getLogger("oshi").setLevel(Level.OFF);
        System.out.println(Machine.describe());
        Path root = Path.of(System.getenv().getOrDefault("HEARTH_ROOT", ".")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("hearth-bench-history-");
        // The broker ./hearth run takes on this machine (mosquitto where it is installed) unless HEARTH_BROKER says
        // otherwise (embedded, mosquitto): the ingest's figure is its broker's as much as its own.
        HearthStack.Settings settings = new HearthStack.Settings(root, data, HOME, Ports.free(), "127.0.0.1", Ports.free(), null, null,
                "bench-" + UUID.randomUUID(), UUID.randomUUID().toString().replace("-", ""), Duration.ofMinutes(20),
                System.getenv().getOrDefault("HEARTH_BROKER", "auto"));
        Vertx vertx = Vertx.vertx();
        List<String> table = new ArrayList<>();
        Results results = Results.of("history");
        results.axes("history-ingest", "Readings through the broker over time: history-service storing them beside a bare subscriber",
                "seconds from the first publish", "readings", false);
        try (HearthStack stack = HearthStack.start(settings, line -> System.out.println("  " + line))) {
            // history-service alone: the other services would share the two cores.
            for (String other : List.of("sensor-gateway", "control-service", "web-edge")) {
                stack.stop(other);
            }
            Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);

            // Sustained means warm: a first pass of each, not measured, has the JIT compile the paths (in a cold
            // history-service C2 took more of a core than the event loop did, for the whole of a 90,000-reading pass).
            int warmUp = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_WARMUP", Integer.toString(count)));
            if (warmUp > 0) {
                System.out.printf("warm-up: %,d readings through the broker alone and through history-service, not measured...%n", warmUp);
                brokerAlone(vertx, stack, warmUp, publishers, today, Results.none());
                throughHistory(vertx, stack, warmUp, publishers, today.plus(Duration.ofHours(18)), "warm", Results.none());
            }
            System.out.printf("ingest: %,d readings of %,d sensors from %d publishers at QoS 1...%n", count, SERIES, publishers);
            double broker = brokerAlone(vertx, stack, count, publishers, today, results);
            double copy = copyRate(stack, count, today.plus(Duration.ofHours(6)));
            Ingest ingest = throughHistory(vertx, stack, count, publishers, today.plus(Duration.ofHours(12)), "hist", results);
            String ingestFigure = "history: ingest, MQTT QoS 1 (" + stack.brokerName()
                    + ") → PostgreSQL with rollups";
            results.figure(ingestFigure, ingest.rate, "points/s",
                    "the broker alone to a bare subscriber", broker, "higher");
            results.figure(ingestFigure, ingest.rate, "points/s", "COPY into the raw table", copy,
                    "higher");
            results.target("history: readings lost in the ingest", count - ingest.stored, "", "nothing lost", 0, "lower");
            table.add(String.format(Locale.ROOT, "| ingest: MQTT QoS 1 → history-service → PostgreSQL (with rollups) | %,.0f points/s "
                    + "(%,d of %,d stored, %,d lost) | broker alone to a bare subscriber: %,.0f/s (%.2f×); COPY into series_point: %,.0f rows/s (%.2f×) |",
                    ingest.rate, ingest.stored, count, count - ingest.stored, broker, ingest.rate / broker, copy, ingest.rate / copy));

            if ("0".equals(System.getenv("HEARTH_BENCH_QUERIES"))) {
                print(table);
                return;
            }
            Instant end = today;
            Instant start = end.minus(Duration.ofDays(365));
            System.out.printf("query: loading a year of 1-minute data for %d series with COPY...%n", QUERY_SERIES);
            loadYear(stack, start, end);
            long rebuildStart = System.nanoTime();
            stack.restart("history-service"); // rebuilds the rollups of the listed series before it is ready
            double rebuild = (System.nanoTime() - rebuildStart) / 1e9;
            table.add(String.format(Locale.ROOT, "| rollup rebuild of %,d rows (%d series × 1 year of minutes), at start | %.0f s | |",
                    QUERY_SERIES * Duration.between(start, end).toMinutes(), QUERY_SERIES, rebuild));

            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + stack.httpPort("history-service") + "/history/sensors/year-%02d?from=" + start + "&to=" + end;
            double[] hourly = timeRest(http, stack, base + "&step=PT1H", queryRuns);
            double[] auto = timeRest(http, stack, base, queryRuns);
            double[] raw = timeRaw(stack, start, end, Math.max(5, queryRuns / 10));
            results.alone("history: rollup rebuild of a year of minutes for " + QUERY_SERIES + " series, at start", rebuild, "s");
            results.figure("history: a year in hourly buckets (8,760), REST, p50", hourly[0], "ms", "the same buckets from the raw table in SQL",
                    raw[0], "lower");
            results.figure("history: a year in hourly buckets (8,760), REST, p95", hourly[1], "ms", "the same buckets from the raw table in SQL",
                    raw[1], "lower");
            results.target("history: a year, automatic step (730 buckets), REST, p95", auto[1], "ms", "history-service issue's target", 20,
                    "lower");
            table.add(String.format(Locale.ROOT, "| query: a year hourly (8,760 buckets), REST | p50 %.1f ms, p95 %.1f ms | same buckets from the raw "
                    + "table in SQL: p50 %.0f ms, p95 %.0f ms (%.0f× faster at p50) |", hourly[0], hourly[1], raw[0], raw[1], raw[0] / hourly[0]));
            table.add(String.format(Locale.ROOT, "| query: a year, automatic step (PT12H, 730 buckets), REST | p50 %.1f ms, p95 %.1f ms | |",
                    auto[0], auto[1]));
            print(table);
        } finally {
            vertx.close();
        }
    }

    private static void print(List<String> table) {
        System.out.println();
        System.out.println("| what | measured | baseline, same run |");
        System.out.println("|---|---|---|");
        table.forEach(System.out::println);
    }

    /** The readings the publishers send: {@code count} in all, for {@link #SERIES} sensors, one millisecond apart. */
    private static String payload(int i, Instant base, String prefix) {
        return ContractWriter.write(new Reading(sensor(prefix, i), Quantity.POWER, i % 1000, "W", base.plusMillis(i), i));
    }

    private static String sensor(String prefix, int i) {
        return String.format("%s-%03d", prefix, i % SERIES);
    }

    /** Publishes from several sessions at once, each as fast as its window allows; answers the seconds it took. */
    private static double publish(Vertx vertx, HearthStack stack, String home, int count, int publishers, Instant base, String prefix)
            throws Exception {
        List<MqttSession> sessions = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            MqttSession session = new MqttSession(vertx, MqttSettings.of("127.0.0.1", stack.mqttPort(), home, "bench-pub-" + p + "-" + prefix),
                    new SimpleMeterRegistry());
            session.start();
            sessions.add(session);
        }
        for (MqttSession s : sessions) {
            Bench.waitFor(s);
        }
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int first = p;
            MqttSession session = sessions.get(p);
            Thread t = new Thread(() -> {
                List<CompletableFuture<Void>> pending = new ArrayList<>();
                for (int i = first; i < count; i += publishers) {
                    pending.add(session.publish("hearth/" + home + "/sensors/" + sensor(prefix, i), payload(i, base, prefix), 1, false));
                    if (pending.size() == 2_000) {
                        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                        pending.clear();
                    }
                }
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sessions.forEach(MqttSession::close);
        return seconds;
    }

    /** The broker's own QoS 1 rate from the same publishers to one bare subscriber (in another home: history does not see it). */
    private static double brokerAlone(Vertx vertx, HearthStack stack, int count, int publishers, Instant base, Results results)
            throws Exception {
        CountDownLatch all = new CountDownLatch(count);
        AtomicLong lastNanos = new AtomicLong();
        MqttSession subscriber = new MqttSession(vertx, MqttSettings.of("127.0.0.1", stack.mqttPort(), "baseline", "bench-bare-subscriber"),
                new SimpleMeterRegistry());
        subscriber.subscribe("hearth/baseline/sensors/+", 1, message -> {
            lastNanos.set(System.nanoTime());
            all.countDown();
            return CompletableFuture.completedFuture(null);
        });
        subscriber.start();
        Bench.waitFor(subscriber);
        long start = System.nanoTime();
        boolean done;
        try (AutoCloseable plot = Results.sampleEvery(Duration.ofMillis(500), () -> results.point("history-ingest",
                "broker alone, to a bare subscriber", (System.nanoTime() - start) / 1e9, count - all.getCount()))) {
            publish(vertx, stack, "baseline", count, publishers, base, "base");
            done = all.await(10, TimeUnit.MINUTES);
        }
        subscriber.close();
        double seconds = (lastNanos.get() - start) / 1e9;
        System.out.printf("  broker alone: %,d of %,d received in %.1f s%s%n", count - all.getCount(), count, seconds, done ? "" : " (timed out)");
        return (count - all.getCount()) / seconds;
    }

    /** COPY of the same number of rows into history-service's table (its raw tier), through PostgreSQL's own protocol. */
    private static double copyRate(HearthStack stack, int count, Instant base) throws Exception {
        StringBuilder rows = new StringBuilder(count * 48);
        for (int i = 0; i < count; i++) {
            rows.append("copy/").append(sensor("copy", i)).append('\t').append(Timestamp.from(base.plusMillis(i))).append("+00\t")
                    .append(i % 1000).append('\t').append(i).append('\n');
        }
        try (Connection c = stack.database().connect()) {
            long start = System.nanoTime();
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy series_point (series, ts, value, seq) from stdin",
                    new StringReader(rows.toString()));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("  COPY: %,d rows in %.2f s%n", count, seconds);
            return count / seconds;
        }
    }

    private record Ingest(double rate, long stored) {
    }

    /** Publishes to history-service and measures from the first publish to the last row stored. */
    private static Ingest throughHistory(Vertx vertx, HearthStack stack, int count, int publishers, Instant base, String prefix,
            Results results) throws Exception {
        long before = rows(stack, "sensors/" + prefix + "-%");
        java.util.function.LongSupplier drops = () -> stack.droppedMessages().orElse(0);
        long droppedBefore = drops.getAsLong();
        long start = System.nanoTime();
        double publishing;
        long dropped = 0;
        // Progress from history-service's own count of rows it committed, every 200 ms (a count(*) of the growing
        // table every 200 ms took PostgreSQL about 70 ms each, a third of a core beside the ingest it measured); the rows
        // are counted in the table once at the end, which is what the figure and the loss check stand on.
        record Sample(long stored, long at) {
        }
        Meters metersBefore = Meters.of(stack);
        java.util.concurrent.atomic.AtomicReference<Sample> latest = new java.util.concurrent.atomic.AtomicReference<>(new Sample(0, start));
        Sample last;
        try (AutoCloseable plot = Results.sampleEvery(Duration.ofMillis(200), () -> {
            Sample sample = new Sample((long) (Meters.of(stack).stored() - metersBefore.stored()), System.nanoTime());
            latest.set(sample);
            results.point("history-ingest", "history-service, rows stored in PostgreSQL", (sample.at() - start) / 1e9, sample.stored());
        })) {
            publishing = publish(vertx, stack, HOME, count, publishers, base, prefix);
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            long lastProgress = System.nanoTime();
            long previous = -1;
            while ((last = latest.get()).stored() + dropped < count && System.nanoTime() < deadline) {
                if (last.stored() != previous) {
                    previous = last.stored();
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > Duration.ofSeconds(30).toNanos()) {
                    // Nothing more arrives, and the broker's count of drops (every 5 s from mosquitto) says no more.
                    break;
                }
                Thread.sleep(100);
                dropped = drops.getAsLong() - droppedBefore;
            }
        }
        long inTable = rows(stack, "sensors/" + prefix + "-%") - before;
        if (inTable != last.stored()) {
            System.out.printf("  history-service counted %,d rows stored, the table holds %,d new ones%n", last.stored(), inTable);
        }
        long stored = Math.min(inTable, last.stored());
        double seconds = (last.at() - start) / 1e9;
        System.out.printf("  history-service: %,d published in %.1f s, %,d stored in %.1f s, %,d dropped by the broker (its queue for "
                + "history-service is %,d)%n", count, publishing, stored, seconds, dropped, dev.hearth.local.stack.EmbeddedBroker.MAX_QUEUED_PER_CLIENT);
        System.out.println("  history-service's own meters for the pass: " + Meters.of(stack).since(metersBefore));
        return new Ingest(stored / seconds, stored);
    }

    /** history-service's meters the ingest figure is made of (its Prometheus page), summed over their tags. */
    private record Meters(double stored, double batches, double points, double commitSeconds) {

        static Meters of(HearthStack stack) {
            String page = prometheusPage(stack);
            return new Meters(sum(page, "hearth_history_ingest_stored_total"), sum(page, "hearth_history_batch_size_count"),
                    sum(page, "hearth_history_batch_size_sum"), sum(page, "hearth_history_commit_seconds_sum"));
        }

        private static double sum(String page, String name) {
            return page.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        }

        /** The batches and commits between {@code before} and this. */
        String since(Meters before) {
            double n = batches - before.batches;
            return String.format(Locale.ROOT, "%,.0f batches of %.0f points on average, %.1f ms from a batch's first statement to its commit on average",
                    n, (points - before.points) / n, 1000 * (commitSeconds - before.commitSeconds) / n);
        }
    }

    private static String prometheusPage(HearthStack stack) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort("history-service") + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long rows(HearthStack stack, String like) throws Exception {
        try (Connection c = stack.database().connect(); PreparedStatement s = c.prepareStatement("select count(*) from series_point where series like ?")) {
            s.setString(1, like);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * A year of 1-minute readings for {@link #QUERY_SERIES} series, loaded with COPY into partitions made for them,
     * and listed for history-service to rebuild their rollups at its next start.
     */
    private static void loadYear(HearthStack stack, Instant start, Instant end) throws Exception {
        try (Connection c = stack.database().connect(); Statement s = c.createStatement()) {
            for (LocalDate day = LocalDate.ofInstant(start, ZoneOffset.UTC); day.isBefore(LocalDate.ofInstant(end, ZoneOffset.UTC)); day = day.plusDays(1)) {
                s.execute("create table if not exists series_point_p" + DateTimeFormatter.BASIC_ISO_DATE.format(day) + " partition of series_point "
                        + "for values from ('" + day + " 00:00:00+00') to ('" + day.plusDays(1) + " 00:00:00+00')");
                if (day.getDayOfMonth() == 1 || day.equals(LocalDate.ofInstant(start, ZoneOffset.UTC))) {
                    LocalDate month = day.withDayOfMonth(1);
                    s.execute("create table if not exists rollup_1m_p" + DateTimeFormatter.ofPattern("yyyyMM").format(month) + " partition of rollup_1m "
                            + "for values from ('" + month + " 00:00:00+00') to ('" + month.plusMonths(1) + " 00:00:00+00')");
                }
            }
            for (int year : new int[] {start.atZone(ZoneOffset.UTC).getYear(), end.atZone(ZoneOffset.UTC).getYear()}) {
                s.execute("create table if not exists rollup_1h_p" + year + " partition of rollup_1h for values from ('" + year
                        + "-01-01 00:00:00+00') to ('" + (year + 1) + "-01-01 00:00:00+00')");
            }
            long minutes = Duration.between(start, end).toMinutes();
            long t0 = System.nanoTime();
            for (int series = 0; series < QUERY_SERIES; series++) {
                StringBuilder rows = new StringBuilder((int) minutes * 50);
                String name = String.format("sensors/year-%02d", series);
                for (long m = 0; m < minutes; m++) {
                    double value = 20 + 5 * Math.sin(m * 2 * Math.PI / 1440) + (m * 7919 % 100) / 100.0;
                    rows.append(name).append('\t').append(Timestamp.from(start.plus(Duration.ofMinutes(m)))).append("+00\t")
                            .append(String.format(Locale.ROOT, "%.2f", value)).append('\t').append(m).append('\n');
                }
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy series_point (series, ts, value, seq) from stdin",
                        new StringReader(rows.toString()));
                s.execute("insert into series (series) values ('" + name + "') on conflict do nothing");
                s.execute("insert into rollup_rebuild (series) values ('" + name + "') on conflict do nothing");
            }
            s.execute("analyze series_point");
            System.out.printf("  loaded %,d rows in %.1f s%n", minutes * QUERY_SERIES, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** p50 and p95 in ms of a REST query, cycling over the series, after a warm-up. */
    private static double[] timeRest(HttpClient http, HearthStack stack, String urlPattern, int runs) throws Exception {
        double[] ms = new double[runs];
        for (int i = -runs / 5; i < runs; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(String.format(urlPattern, Math.floorMod(i, QUERY_SERIES))))
                    .header("Authorization", "Bearer " + stack.historyServiceToken()).build();
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            double took = (System.nanoTime() - start) / 1e6;
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("query answered " + answer.statusCode() + ": " + answer.body());
            }
            if (i >= 0) {
                ms[i] = took;
            }
        }
        return percentiles(ms);
    }

    /** The hourly buckets of a year computed from the raw table, in SQL: what a store without rollups does. */
    private static double[] timeRaw(HearthStack stack, Instant start, Instant end, int runs) throws Exception {
        double[] ms = new double[runs];
        try (Connection c = stack.database().connect(); PreparedStatement q = c.prepareStatement("select date_trunc('hour', ts), avg(value), "
                + "min(value), max(value), count(*) from series_point where series = ? and ts >= ? and ts < ? group by 1 order by 1")) {
            for (int i = -2; i < runs; i++) {
                q.setString(1, String.format("sensors/year-%02d", Math.floorMod(i, QUERY_SERIES)));
                q.setTimestamp(2, Timestamp.from(start));
                q.setTimestamp(3, Timestamp.from(end));
                long t = System.nanoTime();
                int n = 0;
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        n++;
                    }
                }
                if (i >= 0) {
                    ms[i] = (System.nanoTime() - t) / 1e6;
                }
                if (n < 8000) {
                    throw new IllegalStateException("raw query found " + n + " hours");
                }
            }
        }
        return percentiles(ms);
    }

    private static double[] percentiles(double[] ms) {
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        return new double[] {sorted[(int) Math.floor(0.5 * (sorted.length - 1))], sorted[(int) Math.ceil(0.95 * (sorted.length - 1))]};
    }
}
