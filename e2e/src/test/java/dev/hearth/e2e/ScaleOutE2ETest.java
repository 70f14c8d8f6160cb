package dev.hearth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.local.stack.HearthStack;
import dev.hearth.local.stack.Ports;
import dev.hearth.local.stack.ServiceProcess;
import dev.hearth.local.testing.TestMqttClient;
import dev.hearth.local.testing.TestWebSocketClient;
import io.vertx.core.json.JsonObject;

/**
 * The scale-out layout on one machine: two history-service processes on one shared subscription split a stream, with
 * nothing lost or stored twice, and go on when one is killed; two web-edge processes share users, tokens and the live
 * state (the deploy/README.md notes, proven). On Debian's mosquitto: skipped where it is not installed (.ci/run installs it,
 * and fails if it cannot).
 */
@EnabledIf(value = "dev.hearth.local.stack.MosquittoBroker#available", disabledReason = "needs Debian's mosquitto (.ci/run installs it)")
class ScaleOutE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    /** HTTP/1.1 with timeouts: a call must not hang the test (the JDK client's h2c upgrade once did, against a service). */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static HearthStack stack;

    @BeforeAll
    static void startStack() {
        Path data = E2e.root().resolve("e2e/target/scale-out-" + System.currentTimeMillis());
        // On Debian's mosquitto, not the embedded HiveMQ CE: twice in CI, HiveMQ CE gave the two members of the shared
        // subscription fewer than 1,500 of 1,500 readings in 90 s, which no local run reproduced (its issue #558 reports
        // shared subscribers that fall idle; the cause here is not shown). The scale-out layout runs on EMQX
        // (deploy/k8s/scale-out), never on the single box's embedded broker, which has one history-service.
        stack = HearthStack.start(new HearthStack.Settings(E2e.root(), data, "home", Ports.free(), "127.0.0.1", Ports.free(), null,
                null, E2e.PASSWORD, "e2e-session-key-0123456789abcdef", Duration.ofSeconds(180), "mosquitto"), System.out::println);
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoHistoryServicesShareTheStreamStoreEachReadingOnceAndGoOnWhenOneIsKilled() throws Exception {
        stack.stop("history-service");
        // Only this test's readings on the broker, so that the replicas' counts can be added up exactly.
        stack.stop("sensor-gateway");
        clearRetainedReadings();
        try {
            ServiceProcess a = history("a");
            ServiceProcess b = history("b");
            a.awaitReady(WAIT);
            b.awaitReady(WAIT);
            int total = 3000;
            ServiceProcess killed = null;
            ServiceProcess survivor = null;
            double survivorAtKill = 0;
            try (TestMqttClient publisher = new TestMqttClient("127.0.0.1", stack.mqttPort())) {
                Instant base = Instant.now().minusSeconds(600);
                for (int i = 0; i < total; i++) {
                    if (i == total / 2) {
                        // Shared, not copied: between them they took each reading so far exactly once. (How evenly is the
                        // broker's choice.)
                        int published = i;
                        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> assertThat(readingsIn(a) + readingsIn(b))
                                .as("readings delivered of %d published; %s", published, progress(a, b)).isGreaterThanOrEqualTo(published));
                        assertThat(readingsIn(a) + readingsIn(b)).isEqualTo(published);
                        // The one doing the work dies without warning; the other must take what comes next.
                        killed = readingsIn(a) >= readingsIn(b) ? a : b;
                        survivor = killed == a ? b : a;
                        killed.kill();
                        ServiceProcess left = survivor;
                        survivorAtKill = await().atMost(WAIT).ignoreExceptions().until(() -> storedBy(left), stored -> true);
                    }
                    publisher.publish("hearth/home/sensors/scale-out", ContractWriter.write(
                            new Reading("scale-out", Quantity.POWER, i, "W", base.plusMillis(i * 100L), (long) i)), false);
                }
            }
            ServiceProcess goingOn = survivor;
            double before = survivorAtKill;
            await().atMost(WAIT).ignoreExceptions().until(() -> storedBy(goingOn) > before);
            // What the killed one had taken but not stored waits in its session until it is back.
            ServiceProcess again = history(killed == a ? "a" : "b");
            again.awaitReady(WAIT);
            await().atMost(WAIT).untilAsserted(() -> assertThat(rows("count(*)")).isEqualTo(total));
        } finally {
            // The house again, for the other test: its sensors and their retained readings.
            stack.restart("sensor-gateway");
        }
    }

    @Test
    void twoWebEdgesShareUsersTokensAndTheLiveState() throws Exception {
        int portA = stack.httpPort("web-edge");
        ServiceProcess b = stack.startAnother("web-edge", "b", Map.of());
        b.awaitReady(WAIT);
        int portB = b.httpPort();
        HttpClient http = HTTP;

        // A user made on one is a user on the other.
        HttpResponse<String> made = http.send(post(portA, "/api/users", basic("admin", E2e.PASSWORD),
                "{\"name\":\"shared\",\"password\":\"shared password 1\",\"role\":\"operator\"}"), HttpResponse.BodyHandlers.ofString());
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(http.send(get(portB, "/api/sensors", basic("shared", "shared password 1")), HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(200);

        // A token made on the second works on the first, until revoked on the first.
        HttpResponse<String> issued = http.send(post(portB, "/api/tokens", basic("shared", "shared password 1"), "{\"name\":\"both\"}"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonObject token = new JsonObject(issued.body());
        String bearer = "Bearer " + token.getString("token");
        assertThat(http.send(get(portA, "/api/sensors", bearer), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA + "/api/tokens/"
                + token.getString("id"))).timeout(Duration.ofSeconds(30)).header("Authorization", bearer).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(revoked.statusCode()).isEqualTo(204);
        assertThat(http.send(get(portB, "/api/sensors", bearer), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);

        // An operator's socket on the second, demoted through the first: the second replica did not see the change
        // happen, but reads the user again before acting on a command, and refuses it.
        try (TestWebSocketClient socket = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + portB + "/ws/live"), "shared",
                "shared password 1")) {
            HttpResponse<String> demoted = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + portA + "/api/users/shared"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", basic("admin", E2e.PASSWORD)).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"role\":\"viewer\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(demoted.statusCode()).as(demoted.body()).isEqualTo(200);
            socket.send("{\"op\":\"command\",\"actuator\":\"living-heater\",\"value\":0,\"ref\":\"r1\"}");
            assertThat(socket.await(f -> f.contains("\"r1\""), WAIT)).contains("\"error\"").contains("operator role");
        }

        // Both show the house live: the same sensors, each with a reading.
        await().atMost(WAIT).untilAsserted(() -> {
            String sensorsA = http.send(get(portA, "/api/sensors", basic("admin", E2e.PASSWORD)), HttpResponse.BodyHandlers.ofString()).body();
            String sensorsB = http.send(get(portB, "/api/sensors", basic("admin", E2e.PASSWORD)), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(new io.vertx.core.json.JsonArray(sensorsB).stream().map(s -> ((JsonObject) s).getString("id")).sorted().toList())
                    .isEqualTo(new io.vertx.core.json.JsonArray(sensorsA).stream().map(s -> ((JsonObject) s).getString("id")).sorted().toList())
                    .contains("living-temp");
            assertThat(sensorsB).contains("\"reading\":{");
        });
    }

    private static ServiceProcess history(String instance) {
        return stack.startAnother("history-service", instance,
                Map.of("HEARTH_MQTT_SHARE_GROUP", "history", "HEARTH_MQTT_CLIENT_ID", "hearth-history-home-" + instance));
    }

    /**
     * Removes the gateway's retained readings: mosquitto hands retained messages to each member of a shared subscription
     * when it subscribes, which would add them to both replicas' counts (the MQTT 5 rule against it aside).
     */
    private static void clearRetainedReadings() throws Exception {
        try (TestMqttClient client = new TestMqttClient("127.0.0.1", stack.mqttPort())) {
            client.subscribe("hearth/home/sensors/+");
            int[] seen = {-1};
            // They come at once after the subscription; wait until none has come for half a second (none may be there).
            await().atMost(WAIT).during(Duration.ofMillis(500)).until(() -> {
                int now = client.received().size();
                boolean settled = now == seen[0];
                seen[0] = now;
                return settled;
            });
            client.received().stream().filter(TestMqttClient.Received::retained).map(TestMqttClient.Received::topic).distinct()
                    .forEach(topic -> client.publish(topic, new byte[0], true));
        }
    }

    /** What each replica was given, stored and holds, for a failure's message. */
    private static String progress(ServiceProcess... replicas) throws Exception {
        StringBuilder text = new StringBuilder();
        for (ServiceProcess r : replicas) {
            text.append(String.format("%s: delivered %.0f, stored %.0f, in its handlers %.0f; ", r.name(), readingsIn(r), storedBy(r),
                    metric(r, "hearth_mqtt_in_processing")));
        }
        return text.toString();
    }

    /** Readings stored by one instance so far, from its own metrics. */
    private static double storedBy(ServiceProcess history) throws Exception {
        return metric(history, "hearth_history_ingest_stored_total");
    }

    /** Readings the broker delivered to one instance so far. */
    private static double readingsIn(ServiceProcess history) throws Exception {
        return metric(history, "hearth_mqtt_messages_in_total{kind=\"reading\"");
    }

    private static double metric(ServiceProcess history, String prefix) throws Exception {
        if (!history.isAlive()) {
            return 0;
        }
        return E2e.metricSum(history.baseUrl(), null, l -> l.startsWith(prefix));
    }

    private static long rows(String what) throws Exception {
        try (Connection c = stack.database().connect();
                ResultSet rs = c.createStatement().executeQuery("select " + what + " from series_point where series = 'sensors/scale-out'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String basic(String user, String password) {
        return E2e.basic(user, password);
    }

    private static HttpRequest get(int port, String path, String auth) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", auth).build();
    }

    private static HttpRequest post(int port, String path, String auth, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", auth).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
