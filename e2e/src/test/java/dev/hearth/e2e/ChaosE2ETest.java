package dev.hearth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hearth.local.stack.EmbeddedDatabase;
import dev.hearth.local.stack.HearthStack;
import dev.hearth.local.stack.Ports;
import dev.hearth.local.stack.ServiceProcess;
import dev.hearth.local.testing.SimulatedSensors;

/**
 * Nothing lost, the whole-system chaos run: the single box with its house, plus a second gateway of 100 simulated
 * sensors at 10 Hz (1,000 readings/s through its durable spool), while the broker is killed with -9 three times (once
 * while it holds the readings history-service could not store, once while the load gateway stops with readings only
 * its spool holds), PostgreSQL is stopped for 30 s, history-service is killed with -9 and started again, and web-edge and both gateways
 * are restarted. Afterwards every reading the load gateway took is in PostgreSQL exactly once, counted by sensor and
 * {@code seq} for each of its two runs; the minute and hour rollups count exactly the raw rows; every service is ready
 * without anyone touching it. The broker is the embedded one, in a JVM of its own so that it can be killed.
 */
class ChaosE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final int LOAD_SENSORS = 100;
    private static final String LOAD_SERIES = "sensors/chaos-%";

    private static HearthStack stack;
    private static Path data;
    private static BrokerProcess broker;
    private static EmbeddedDatabase database;
    private static ServiceProcess loadGateway;
    private static Map<String, String> loadGatewayEnv;

    @BeforeAll
    static void startStack() throws Exception {
        data = E2e.root().resolve("e2e/target/chaos-" + System.currentTimeMillis());
        Files.createDirectories(data);
        broker = BrokerProcess.start(Ports.free(), data.resolve("broker"), data.resolve("broker.log"));
        stack = HearthStack.start(new HearthStack.Settings(E2e.root(), data, "home", Ports.free(), "127.0.0.1", broker.port(), broker.url(),
                null, E2e.PASSWORD, "e2e-session-key-0123456789abcdef", Duration.ofSeconds(180)), System.out::println);
        database = stack.database();
        Path declaration = SimulatedSensors.write(data.resolve("load-sensors.properties"), "chaos", LOAD_SENSORS, "100ms");
        loadGatewayEnv = Map.of("QUARKUS_CONFIG_LOCATIONS", declaration.toUri().toString(), "HEARTH_GATEWAY_ID", "load-1",
                "HEARTH_GATEWAY_SPOOL_DIR", data.resolve("spool-load").toString());
    }

    @AfterAll
    static void stopStack() throws Exception {
        // The stack stops what it started; the database started again here and the broker are this test's to stop.
        E2e.closeAll(broker, stack == null || database == stack.database() ? null : database, stack);
    }

    @Test
    void everyReadingTheGatewayTookIsStoredOnceAcrossBrokerKillsDatabaseOutageAndRestarts() throws Exception {
        loadGateway = stack.startAnother("sensor-gateway", "load-run-1", loadGatewayEnv);
        loadGateway.awaitReady(Duration.ofSeconds(60));

        Thread.sleep(10_000);
        killBroker();
        Thread.sleep(10_000);
        int dbPort = database.port();
        database.close();
        long outage = System.nanoTime();
        Thread.sleep(12_000);
        // The second kill while history-service cannot store: the broker holds thousands of readings queued for it.
        killBroker();
        Thread.sleep(Math.max(0, Duration.ofSeconds(30).minusNanos(System.nanoTime() - outage).toMillis()));
        database = await().atMost(WAIT).ignoreExceptions().until(() -> EmbeddedDatabase.start(dbPort, data.resolve("postgres")), db -> db != null);
        Thread.sleep(10_000);
        stack.service("history-service").kill();
        stack.restart("history-service");
        stack.restart("web-edge");
        stack.restart("sensor-gateway");

        // The load gateway stopped and started as an upgrade would, with the broker gone (killed a third time): the
        // readings it took since then are only in its spool when it stops, and the next run must send them. Its own
        // count, read while the broker is gone, covers them.
        broker.kill();
        Thread.sleep(2_000);
        Map<String, Long> takenInRun1 = taken(loadGateway);
        double onlyInTheSpool = metric(loadGateway, "hearth_gateway_spool_pending");
        assertThat(onlyInTheSpool).as("readings only the spool holds as the gateway stops").isGreaterThan(500);
        loadGateway.close();
        // Its count at the very stop, from its log: readings taken after the scrape above sit at the tail of the seqs,
        // where no gap shows if they are lost.
        long takenAtStop1 = takenAtStop(loadGateway);
        broker.startAgain();
        Instant run2Start = Instant.now();
        loadGateway = stack.startAnother("sensor-gateway", "load-run-2", loadGatewayEnv);
        loadGateway.awaitReady(Duration.ofSeconds(60));
        Thread.sleep(10_000);
        // Checked before the second run stops: what its spool still holds then has not been published yet.
        Map<String, Long> takenInRun2 = taken(loadGateway);
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertEverySeqOnce("first run", seqs("ts < ?", run2Start), takenInRun1);
            assertEverySeqOnce("second run", seqs("ts >= ?", run2Start), takenInRun2);
        });
        // The first run stopped with the broker gone, so all it took went out through the second run's spool: exactly as
        // many stored as it said at its stop. (The second run's last readings may still be in its spool at its stop.)
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(total(seqs("ts < ?", run2Start)))
                .as("first run: every reading taken up to its stop, stored").isEqualTo(takenAtStop1));
        loadGateway.close();
        Thread.sleep(500); // the broker's next report of what it dropped
        System.out.printf("chaos: the load gateway took %,d readings in its first run (%,.0f of them only in its spool when it stopped)"
                + " and %,d in its second, across three broker kills, a 30 s database outage, history-service killed with -9, web-edge"
                + " and both gateways restarted; the broker dropped, by run and reason: %s%n", takenInRun1.values().stream().mapToLong(Long::longValue).sum(),
                onlyInTheSpool, takenInRun2.values().stream().mapToLong(Long::longValue).sum(), broker.droppedByRun());
        // A message a kill left half-written is dropped ("internal error"), and its publisher, which never had an
        // acknowledgement for it, sends it again (the seqs above prove it for the load gateway's). Any other drop loses
        // a message: a full queue, a QoS 0 subscriber that could not take more, a reason the broker's log did not give.
        assertThat(broker.droppedLosing()).as("messages the broker dropped for any reason but a kill's orphan").isZero();
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            long raw = count("select count(*) from series_point where series like '" + LOAD_SERIES + "'");
            assertThat(count("select coalesce(sum(count), 0) from rollup_1m where series like '" + LOAD_SERIES + "'")).as("minute rollups")
                    .isEqualTo(raw);
            assertThat(count("select coalesce(sum(count), 0) from rollup_1h where series like '" + LOAD_SERIES + "'")).as("hour rollups")
                    .isEqualTo(raw);
        });
        HttpClient http = HttpClient.newHttpClient();
        for (String service : HearthStack.services()) {
            await().atMost(WAIT).ignoreExceptions().until(() -> http.send(HttpRequest.newBuilder(
                    URI.create(stack.service(service).baseUrl() + "/q/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
        }
    }

    /**
     * For each of the load gateway's sensors: the seqs stored for one run are 0, 1, 2 … with no gap (a lost reading)
     * and none twice (a reading sent again is the same reading, which the table's key on series and time keeps once; a
     * seq under another time would be a new reading made of an old one), and at least as many as the gateway said it
     * had taken.
     */
    private static void assertEverySeqOnce(String run, Map<String, List<Long>> stored, Map<String, Long> taken) {
        assertThat(stored.keySet()).as("%s: sensors stored", run).hasSize(LOAD_SENSORS);
        for (Map.Entry<String, List<Long>> sensor : stored.entrySet()) {
            List<Long> seqs = sensor.getValue(); // in order
            long last = seqs.get(seqs.size() - 1);
            Set<Long> distinct = new TreeSet<>(seqs);
            List<Long> missing = LongStream.rangeClosed(0, last).filter(seq -> !distinct.contains(seq)).boxed().toList();
            assertThat(missing.size()).as("%s, %s: seqs missing between 0 and %d, the first of them %s", run, sensor.getKey(), last,
                    missing.subList(0, Math.min(10, missing.size()))).isZero();
            assertThat(seqs.size() - distinct.size()).as("%s, %s: seqs stored twice", run, sensor.getKey()).isZero();
            long counted = taken.getOrDefault(sensor.getKey().substring("sensors/".length()), 0L);
            assertThat(counted).as("%s, %s: the gateway's own count", run, sensor.getKey()).isPositive();
            assertThat((long) seqs.size()).as("%s, %s: at least the readings the gateway had taken", run, sensor.getKey())
                    .isGreaterThanOrEqualTo(counted);
        }
    }

    private static void killBroker() throws Exception {
        broker.kill();
        Thread.sleep(3_000);
        broker.startAgain();
    }

    /** What a stopped gateway said it had taken in its run ({@code Sampling stopped: N readings taken in this run}). */
    private static long takenAtStop(ServiceProcess gateway) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Sampling stopped: (\\d+) readings taken in this run")
                .matcher(java.nio.file.Files.readString(gateway.logFile()));
        long last = -1;
        while (m.find()) {
            last = Long.parseLong(m.group(1));
        }
        assertThat(last).as("the gateway's count at its stop, in " + gateway.logFile()).isPositive();
        return last;
    }

    private static long total(Map<String, List<Long>> seqs) {
        return seqs.values().stream().mapToLong(List::size).sum();
    }

    /** The gateway's own count of readings taken (counted once its spool holds them), by sensor. */
    private static Map<String, Long> taken(ServiceProcess gateway) throws Exception {
        List<String> metrics = E2e.metrics(gateway.baseUrl(), null);
        Map<String, Long> taken = new TreeMap<>();
        for (int i = 0; i < LOAD_SENSORS; i++) {
            String sensor = String.format(Locale.ROOT, "chaos-%02d", i);
            taken.put(sensor, (long) E2e.sum(metrics, l -> l.startsWith("hearth_gateway_readings_total") && l.contains("sensor=\"" + sensor + "\"")));
        }
        return taken;
    }

    private static double metric(ServiceProcess service, String name) throws Exception {
        return E2e.metricSum(service.baseUrl(), null, l -> l.startsWith(name + " ") || l.startsWith(name + "{"));
    }

    /** The stored seqs of each load sensor whose time passes {@code condition}, in order. */
    private static Map<String, List<Long>> seqs(String condition, Instant at) throws Exception {
        Map<String, List<Long>> seqs = new TreeMap<>();
        try (Connection c = database.connect(); PreparedStatement s = c.prepareStatement(
                "select series, seq from series_point where series like '" + LOAD_SERIES + "' and " + condition + " order by series, seq")) {
            s.setTimestamp(1, Timestamp.from(at));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    seqs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
                }
            }
        }
        return seqs;
    }

    private static long count(String sql) throws Exception {
        try (Connection c = database.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
