package dev.hearth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.local.stack.EmbeddedBroker;
import dev.hearth.local.stack.EmbeddedDatabase;
import dev.hearth.local.stack.HearthStack;
import dev.hearth.local.stack.Ports;

/**
 * Nothing lost, in a shortened form of the whole-system chaos run: while a publisher sends readings of ten sensors
 * (each kept until the broker acknowledges it, sent again after a failure), PostgreSQL is stopped for 20 s, the broker
 * is restarted twice, history-service is killed with -9 and started again, and web-edge and the gateway are restarted.
 * Afterwards every acknowledged reading is in PostgreSQL exactly once, the minute and hour rollups count exactly the
 * raw rows, and every service is ready without anyone touching it. The broker is the embedded one, which writes each
 * message before acknowledging it; it lives in this JVM, so it is stopped and started rather than killed with -9.
 */
class ChaosE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int SENSORS = 10;

    private static HearthStack stack;
    private static Path data;
    private static EmbeddedBroker broker;
    private static EmbeddedDatabase database;

    @BeforeAll
    static void startStack() {
        data = E2e.root().resolve("e2e/target/chaos-" + System.currentTimeMillis());
        stack = HearthStack.start(new HearthStack.Settings(E2e.root(), data, "home", Ports.free(), "127.0.0.1", Ports.free(), null, null,
                E2e.PASSWORD, "e2e-session-key-0123456789abcdef", Duration.ofSeconds(180)), System.out::println);
        broker = stack.broker();
        database = stack.database();
    }

    @AfterAll
    static void stopStack() throws Exception {
        // The stack stops what it started; the broker and database started again here are this test's to stop.
        E2e.closeAll(database == stack.database() ? null : database, broker == stack.broker() ? null : broker, stack);
    }

    @Test
    void everyAcknowledgedReadingIsStoredOnceAcrossDatabaseBrokerAndServiceFaults() throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean publishing = new AtomicBoolean(true);
        Instant base = Instant.now().minusSeconds(60);
        Thread publisher = new Thread(() -> publish(acknowledged, publishing, base), "chaos-publisher");
        publisher.start();

        Thread.sleep(5_000);
        int dbPort = database.port();
        database.close();
        Thread.sleep(20_000);
        database = startDatabase(dbPort);

        for (int i = 0; i < 2; i++) {
            Thread.sleep(5_000);
            restartBroker();
        }

        Thread.sleep(5_000);
        stack.service("history-service").kill();
        stack.restart("history-service");
        stack.restart("web-edge");
        stack.restart("sensor-gateway");
        Thread.sleep(5_000);
        publishing.set(false);
        publisher.join(Duration.ofSeconds(60).toMillis());
        assertThat(publisher.isAlive()).as("the publisher sent everything it held").isFalse();
        assertThat(acknowledged.size()).as("readings acknowledged by the broker").isGreaterThan(1_000);
        System.out.printf("chaos: %d readings acknowledged across a 20 s database outage, two broker restarts, history-service"
                + " killed with -9, web-edge and the gateway restarted%n", acknowledged.size());

        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            long[] stored = counts("select count(*), count(distinct (series, ts)) from series_point where series like 'sensors/chaos-%'");
            assertThat(stored[0]).as("rows stored").isEqualTo(acknowledged.size());
            assertThat(stored[1]).as("each once").isEqualTo(stored[0]);
        });
        try (Connection c = database.connect(); ResultSet rs = c.createStatement().executeQuery(
                "select series || '/' || (extract(epoch from ts) * 1000)::bigint from series_point where series like 'sensors/chaos-%'")) {
            Set<String> stored = new java.util.HashSet<>();
            while (rs.next()) {
                stored.add(rs.getString(1));
            }
            assertThat(stored).as("the very readings acknowledged").isEqualTo(acknowledged);
        }
        await().atMost(WAIT).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            long raw = counts("select count(*) from series_point where series like 'sensors/chaos-%'")[0];
            assertThat(counts("select coalesce(sum(count), 0) from rollup_1m where series like 'sensors/chaos-%'")[0]).as("minute rollups")
                    .isEqualTo(raw);
            assertThat(counts("select coalesce(sum(count), 0) from rollup_1h where series like 'sensors/chaos-%'")[0]).as("hour rollups")
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
     * Readings of ten sensors, 10 ms apart in their own time; each is held until the broker acknowledges it and sent
     * again after a failure (a reading sent twice is stored once: its key is the series and its time).
     */
    private static void publish(Set<String> acknowledged, AtomicBoolean publishing, Instant base) {
        Deque<Reading> pending = new ArrayDeque<>();
        long seq = 0;
        MqttClient client = null;
        while (publishing.get() || !pending.isEmpty()) {
            if (publishing.get() && pending.size() < 100) {
                seq++;
                for (int s = 0; s < SENSORS; s++) {
                    pending.add(new Reading("chaos-" + s, Quantity.TEMPERATURE, 20 + (seq % 100) / 10.0, "°C", base.plusMillis(seq * 10), seq));
                }
            }
            try {
                if (client == null || !client.isConnected()) {
                    client = connect();
                }
                Reading next = pending.peek();
                MqttMessage message = new MqttMessage(ContractWriter.write(next).getBytes(StandardCharsets.UTF_8));
                message.setQos(1);
                client.publish("hearth/home/sensors/" + next.sensor(), message);
                acknowledged.add("sensors/" + next.sensor() + "/" + next.ts().toEpochMilli());
                pending.poll();
                Thread.sleep(1);
            } catch (Exception e) {
                // The broker is away: the reading stays first in line.
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
        try {
            if (client != null && client.isConnected()) {
                client.disconnect();
            }
        } catch (Exception ignored) {
            // Closing a client whose broker went away.
        }
    }

    private static MqttClient connect() throws Exception {
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + broker.port(), "chaos-publisher", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setConnectionTimeout(5);
        client.setTimeToWait(10_000);
        client.connect(options);
        return client;
    }

    private static EmbeddedDatabase startDatabase(int port) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> EmbeddedDatabase.start(port, data.resolve("postgres")), db -> db != null);
    }

    private static void restartBroker() {
        String host = broker.host();
        int port = broker.port();
        Path dir = broker.dataDir();
        broker.close();
        broker = await().atMost(WAIT).ignoreExceptions().until(() -> EmbeddedBroker.start(host, port, dir), b -> b != null);
    }

    private static long[] counts(String sql) throws Exception {
        try (Connection c = database.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            long[] values = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < values.length; i++) {
                values[i] = rs.getLong(i + 1);
            }
            return values;
        }
    }
}
