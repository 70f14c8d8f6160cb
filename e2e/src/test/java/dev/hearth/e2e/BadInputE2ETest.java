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
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Command;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.contract.testing.InvalidPayloadCorpus;
import dev.hearth.contract.topic.TopicKind;
import dev.hearth.local.stack.HearthStack;
import dev.hearth.local.stack.Ports;
import dev.hearth.local.testing.TestMqttClient;
import dev.hearth.local.testing.TestWebSocketClient;

/**
 * The whole box under bad input, as its users' tools could send it: more than a thousand seeded, generated bad inputs
 * over MQTT (the contract's corpus on the real topics, random bytes, oversize payloads, commands for unknown actuators
 * and replayed command ids), REST (bad bodies, parameters, paths, methods and media types) and the live WebSocket
 * (garbage frames). Meanwhile good readings keep coming. Afterwards: no service died or was restarted, every good
 * reading is stored, the lamp nobody commanded did not move, every MQTT and WebSocket rejection is counted in the
 * service's metrics, and every REST rejection is a 4xx problem-details body.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final long SEED = 20261127L;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String BASE = "hearth/home/";
    private static final String PROBE = "bad-input-probe";

    private static HearthStack stack;
    private static int httpPort;
    private static final Map<String, Long> PIDS = new HashMap<>();
    private static TestMqttClient observer;
    private static int badInputs;

    @BeforeAll
    static void startStack() throws Exception {
        httpPort = Ports.free();
        Path data = E2e.root().resolve("e2e/target/bad-input-" + System.currentTimeMillis());
        stack = HearthStack.start(new HearthStack.Settings(E2e.root(), data, "home", httpPort, "127.0.0.1", Ports.free(), null,
                null, E2e.PASSWORD, "e2e-session-key-0123456789abcdef", Duration.ofSeconds(180)), System.out::println);
        for (String service : HearthStack.services()) {
            PIDS.put(service, stack.service(service).pid());
        }
        observer = new TestMqttClient("127.0.0.1", stack.mqttPort()).subscribe(BASE + "actuators/+/state");
        // The house is up: web-edge knows the lamp from the gateway's manifest and state.
        await().atMost(WAIT).ignoreExceptions().until(() -> rest("GET", "/api/actuators/living-lamp", null, null).statusCode() == 200);
    }

    @AfterAll
    static void stopStack() throws Exception {
        E2e.closeAll(stack, observer);
    }

    @Test
    @Order(1)
    void badMqttPayloadsAreRejectedAndCountedWhileEveryGoodReadingIsStored() throws Exception {
        Random random = new Random(SEED);
        Map<String, Double> before = rejectedByService();
        List<InvalidPayloadCorpus.Case> corpus = InvalidPayloadCorpus.all();
        int probes = 0;
        Instant start = Instant.now();
        Map<TopicKind, Integer> rejectable = new java.util.EnumMap<>(TopicKind.class);
        Map<TopicKind, Integer> empty = new java.util.EnumMap<>(TopicKind.class);
        try (TestMqttClient publisher = new TestMqttClient("127.0.0.1", stack.mqttPort())) {
            int sent = 0;
            for (InvalidPayloadCorpus.Case bad : corpus) {
                if (bad.payload().length == 0) {
                    // An empty payload says a retained message was deleted: web-edge forgets that topic, by contract. On
                    // a topic of things that do not exist, so that the house stays known.
                    publisher.publish(throwawayTopicOf(bad.kind()), bad.payload(), false);
                    empty.merge(bad.kind(), 1, Integer::sum);
                } else {
                    publisher.publish(topicOf(bad.kind()), bad.payload(), false);
                    rejectable.merge(bad.kind(), 1, Integer::sum);
                }
                sent++;
                if (sent % 5 == 0) {
                    probes++;
                    publisher.publish(BASE + "sensors/" + PROBE, ContractWriter.write(
                            new Reading(PROBE, Quantity.TEMPERATURE, 20 + probes / 100.0, "°C", start.plusMillis(probes), (long) probes)), false);
                }
            }
            // Random bytes on every topic a service reads, and payloads far over any limit.
            TopicKind[] kinds = TopicKind.values();
            for (int i = 0; i < 200; i++) {
                byte[] garbage = new byte[1 + random.nextInt(2_000)];
                random.nextBytes(garbage);
                garbage[0] = '#'; // never JSON
                TopicKind kind = kinds[random.nextInt(kinds.length)];
                publisher.publish(topicOf(kind), garbage, false);
                rejectable.merge(kind, 1, Integer::sum);
                sent++;
            }
            // Under the broker's and the clients' 1 MiB packet limit, far over the readers' own (16 KiB).
            for (TopicKind kind : List.of(TopicKind.READING, TopicKind.COMMAND, TopicKind.MANIFEST)) {
                publisher.publish(topicOf(kind), ("{\"x\":\"" + "a".repeat(1_000_000) + "\"}").getBytes(StandardCharsets.UTF_8), false);
                rejectable.merge(kind, 1, Integer::sum);
                sent++;
            }
            // Well-formed commands the gateway must refuse: unknown actuators, and a replayed id.
            for (int i = 0; i < 20; i++) {
                publisher.publish(BASE + "actuators/no-such-actuator-" + i + "/set", ContractWriter.write(
                        new Command(UUID.randomUUID().toString(), 1, "user:bad-input", Instant.now(), 60_000L)), false);
                sent++;
            }
            // A good command that leaves the lamp where it is (nothing else commands it: it is at its failsafe value),
            // then the same command again, replayed.
            double lamp = JSON.readTree(rest("GET", "/api/actuators/living-lamp", null, null).body()).path("failsafe").asDouble();
            byte[] once = ContractWriter.write(new Command(UUID.randomUUID().toString(), lamp, "user:bad-input", Instant.now(), null))
                    .getBytes(StandardCharsets.UTF_8);
            publisher.publish(BASE + "actuators/living-lamp/set", once, false);
            for (int i = 0; i < 10; i++) {
                publisher.publish(BASE + "actuators/living-lamp/set", once, false);
                sent++;
            }
            badInputs += sent;
        }
        int goodReadings = probes;
        assertThat(goodReadings).isPositive();
        await().atMost(WAIT).untilAsserted(() -> assertThat(lampCommandsApplied()).as("the one good command").isEqualTo(1));

        // Every good reading stored, once.
        await().atMost(WAIT).untilAsserted(() -> assertThat(storedProbes()).isEqualTo(goodReadings));

        // Every rejection counted by each service that reads the kind.
        Map<String, Set<TopicKind>> reads = Map.of(
                "sensor-gateway", EnumSet.of(TopicKind.COMMAND),
                "control-service", EnumSet.of(TopicKind.READING, TopicKind.MANIFEST, TopicKind.LOOP_CONFIG_SET),
                "history-service", EnumSet.of(TopicKind.READING, TopicKind.ACTUATOR_STATE),
                "web-edge", EnumSet.of(TopicKind.READING, TopicKind.ACTUATOR_STATE, TopicKind.MANIFEST, TopicKind.GATEWAY_STATUS,
                        TopicKind.LOOP_CONFIG, TopicKind.LOOP_STATUS, TopicKind.LOOP_AUTOTUNE, TopicKind.LOOP_CONFIG_RESULT));
        // An empty payload is a rejection too, except where it means "deleted": web-edge forgets that state (everything
        // but a change result), control-service forgets a gateway whose manifest is deleted.
        Map<String, Set<TopicKind>> emptyMeansDeleted = Map.of(
                "web-edge", EnumSet.complementOf(EnumSet.of(TopicKind.LOOP_CONFIG_RESULT)),
                "control-service", EnumSet.of(TopicKind.MANIFEST));
        Map<String, Integer> expected = new HashMap<>();
        reads.forEach((service, kinds) -> expected.put(service, kinds.stream().mapToInt(k -> rejectable.getOrDefault(k, 0)
                + (emptyMeansDeleted.getOrDefault(service, Set.of()).contains(k) ? 0 : empty.getOrDefault(k, 0))).sum()));
        expected.merge("sensor-gateway", 20 + 10, Integer::sum); // unknown actuators, replays
        await().atMost(WAIT).untilAsserted(() -> {
            Map<String, Double> after = rejectedByService();
            expected.forEach((service, count) -> assertThat(after.get(service) - before.get(service))
                    .as("rejections counted by " + service + ": one for each bad message of a kind it reads").isEqualTo(count.doubleValue()));
        });
    }

    @Test
    @Order(2)
    void badRestRequestsAreEachA4xxProblemAndMoveNothing() throws Exception {
        Random random = new Random(SEED + 1);
        double before = requests4xx();
        List<String[]> requests = new ArrayList<>(); // method, path, content type, body, expected status
        String[] actuators = {"living-lamp", "living-heater", "bathroom-fan"};
        String[] badCommands = {"", "not json", "[]", "[1]", "1", "null", "{", "{\"value\":\"1\"}", "{\"value\":null}", "{}",
            "{\"ttlMs\":60000}", "{\"value\":1e999}", "{\"value\":1000000}", "{\"value\":-1000000}", "{\"value\":true}",
            "{\"value\":[1]}", "{\"value\":{\"v\":1}}", "{\"value\":1,\"ttlMs\":-5}", "{\"value\":1,\"ttlMs\":\"soon\"}",
            "{\"value\":1,\"ttlMs\":1.5}", "{\"value\":1} trailing", "{\"value\":1,\"value\":0}", "{\"value\":NaN}",
            "{\"value\":\"" + "9".repeat(100_000) + "\"}"};
        for (int i = 0; i < 150; i++) {
            requests.add(new String[] {"POST", "/api/actuators/" + actuators[random.nextInt(actuators.length)] + "/commands",
                "application/json", badCommands[random.nextInt(badCommands.length)], "400"});
        }
        String[] badLoopChanges = {"", "nope", "[]", "{\"setpoint\":\"warm\"}", "{\"setpoint\":null,\"x\":", "{\"mode\":\"banana\"}",
            "{\"setpoint\":1e999}", "{\"manualOutput\":\"full\"}", "{\"mode\":7}", "{\"setpoint\":[21]}"};
        for (int i = 0; i < 60; i++) {
            requests.add(new String[] {"PATCH", "/api/loops/living-climate", "application/json", badLoopChanges[random.nextInt(badLoopChanges.length)], "400"});
        }
        String[] badQueries = {"from=yesterday", "from=2026-13-45T00:00:00Z", "from=2026-11-01T00:00:00Z&to=2026-10-01T00:00:00Z",
            "step=-1m", "step=forever", "from=-5000-01-01T00:00:00Z", "to=%00", "step=0s", "from=2026-11-01T00:00:00Z&step=1ms"};
        for (int i = 0; i < 60; i++) {
            requests.add(new String[] {"GET", "/api/history/sensors/living-temp?" + badQueries[random.nextInt(badQueries.length)], null, null, "400"});
        }
        String[] badUsers = {"{}", "{\"name\":\"x y\",\"password\":\"long enough password\",\"role\":\"viewer\"}",
            "{\"name\":\"sam\",\"password\":\"short\",\"role\":\"viewer\"}", "{\"name\":\"sam\",\"password\":\"long enough password\",\"role\":\"root\"}",
            "{\"name\":\"sam\",\"password\":\"long enough password\"}", "{\"name\":1,\"password\":\"long enough password\",\"role\":\"viewer\"}",
            "not json", "{\"name\":\"" + "a".repeat(500) + "\",\"password\":\"long enough password\",\"role\":\"viewer\"}"};
        for (int i = 0; i < 40; i++) {
            requests.add(new String[] {"POST", "/api/users", "application/json", badUsers[random.nextInt(badUsers.length)], "400"});
        }
        String[] badTokens = {"{}", "{\"name\":\"\"}", "{\"name\":\"" + "t".repeat(101) + "\"}", "{\"name\":3}", "[", "null"};
        for (int i = 0; i < 30; i++) {
            requests.add(new String[] {"POST", "/api/tokens", "application/json", badTokens[random.nextInt(badTokens.length)], "400"});
        }
        for (int i = 0; i < 30; i++) {
            requests.add(new String[] {"GET", "/api/" + Long.toHexString(random.nextLong()), null, null, "404"});
            requests.add(new String[] {"GET", "/api/sensors/no-such-sensor-" + i, null, null, "404"});
            requests.add(new String[] {"POST", "/api/actuators/no-such-actuator-" + i + "/commands", "application/json", "{\"value\":1}", "404"});
            requests.add(new String[] {"DELETE", "/api/sensors", null, null, "405"});
            requests.add(new String[] {"POST", "/api/actuators/living-lamp/commands", "text/plain", "{\"value\":1}", "415"});
        }
        // The house is known: a bad body for the lamp or the loop is answered for its body, not with a 404.
        assertThat(rest("GET", "/api/actuators/living-lamp", null, null).statusCode()).isEqualTo(200);
        assertThat(rest("GET", "/api/loops/living-climate", null, null).statusCode()).isEqualTo(200);
        int before4xx = 0;
        for (String[] r : requests) {
            HttpResponse<String> response = rest(r[0], r[1], r[2], r[3]);
            String where = r[0] + " " + r[1] + " " + (r[3] == null ? "" : r[3].substring(0, Math.min(60, r[3].length())));
            assertThat(response.statusCode()).as(where).isEqualTo(Integer.parseInt(r[4]));
            assertThat(response.headers().firstValue("Content-Type").orElse("")).as(where).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("status").asInt()).as(where).isEqualTo(response.statusCode());
            assertThat(problem.path("title").asText()).as(where).isNotBlank();
            before4xx++;
        }
        // Anonymous and bad credentials: 401 problems too. Each wrong password for another name: wrong passwords for one
        // name are slowed down (web-edge's LoginThrottle), which is not what this test is about.
        for (int i = 0; i < 20; i++) {
            HttpRequest.Builder anonymous = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/sensors"))
                    .timeout(Duration.ofSeconds(30));
            if (i % 2 == 1) {
                anonymous.header("Authorization", E2e.basic("nobody-" + i, "wrong"));
            }
            HttpResponse<String> response = HTTP.send(anonymous.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            before4xx++;
        }
        badInputs += before4xx;
        int sentRequests = before4xx;
        await().atMost(WAIT).untilAsserted(() -> assertThat(requests4xx() - before).as("4xx answers counted").isGreaterThanOrEqualTo(sentRequests));
        assertThat(lampCommandsApplied()).as("no command went through").isEqualTo(1);
    }

    @Test
    @Order(3)
    void garbageWebSocketFramesAreEachAnsweredWithAnErrorAndTheConnectionStays() throws Exception {
        Random random = new Random(SEED + 2);
        double before = metric("web-edge", "hearth_edge_ws_rejected_total");
        String[] frames = {"", "hello", "{", "[]", "null", "42", "{\"op\":\"dance\"}", "{\"op\":null}", "{\"op\":\"subscribe\"}",
            "{\"op\":\"subscribe\",\"filters\":\"sensors/+\"}", "{\"op\":\"subscribe\",\"filters\":[\"sensors/#/x\"]}",
            "{\"op\":\"subscribe\",\"filters\":[42]}", "{\"op\":\"command\"}", "{\"op\":\"command\",\"actuator\":\"living-lamp\"}",
            "{\"op\":\"command\",\"actuator\":\"living-lamp\",\"value\":\"on\"}", "{\"op\":\"command\",\"actuator\":\"living-lamp\",\"value\":1000000}",
            "{\"op\":\"command\",\"actuator\":\"no-such-actuator\",\"value\":1}", "{\"op\":\"command\",\"actuator\":\"living-lamp\",\"value\":1,\"ttlMs\":-1}",
            "{\"op\":\"unsubscribe\",\"filters\":{}}", "{\"op\":\"ping\"} trailing"};
        int sent = 300;
        try (TestWebSocketClient ws = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + httpPort + "/ws/live"), "admin", E2e.PASSWORD)) {
            for (int i = 0; i < sent; i++) {
                String frame = i % 10 == 9 ? randomText(random) : frames[random.nextInt(frames.length)];
                ws.send(frame);
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(ws.frames().stream().filter(f -> f.contains("\"op\":\"error\"")).count())
                    .as("an error frame for each bad frame").isEqualTo(sent));
            ws.send("{\"op\":\"subscribe\",\"filters\":[\"actuators/living-lamp\"]}");
            ws.await(f -> f.contains("\"snapshot\""), WAIT);
        }
        badInputs += sent;
        await().atMost(WAIT).untilAsserted(() -> assertThat(metric("web-edge", "hearth_edge_ws_rejected_total") - before)
                .as("WebSocket rejections counted").isGreaterThanOrEqualTo(sent));
        assertThat(lampCommandsApplied()).as("no command went through").isEqualTo(1);
    }

    @Test
    @Order(4)
    void afterAllOfItEveryServiceIsTheSameProcessAndReadyAndTheLampNeverMoved() throws Exception {
        assertThat(badInputs).as("bad inputs sent by the tests before").isGreaterThanOrEqualTo(1_000);
        assertThat(rest("GET", "/api/actuators/living-lamp", null, null).statusCode()).as("the house still known").isEqualTo(200);
        for (String service : HearthStack.services()) {
            assertThat(stack.service(service).isAlive()).as(service + " alive").isTrue();
            assertThat(stack.service(service).pid()).as(service + " never restarted").isEqualTo(PIDS.get(service));
            HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(stack.service(service).baseUrl() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(service + " ready").isEqualTo(200);
        }
        List<Double> lampStates = observer.received(BASE + "actuators/living-lamp/state").stream().map(TestMqttClient.Received::payload)
                .map(BadInputE2ETest::readValue).distinct().toList();
        assertThat(lampStates).as("the lamp's values while the bad input ran").hasSizeLessThanOrEqualTo(1);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /** A topic of the default house for each kind: the real ones, so that a wrong acceptance would act. */
    private static String topicOf(TopicKind kind) {
        return BASE + switch (kind) {
            case GATEWAY_STATUS -> "gateways/sim-1/status";
            case MANIFEST -> "gateways/sim-1/manifest";
            case READING -> "sensors/living-temp";
            // Not the lamp's: its state topic is the test's witness that nothing moved it.
            case ACTUATOR_STATE -> "actuators/no-such-actuator/state";
            case COMMAND -> "actuators/living-lamp/set";
            case LOOP_CONFIG -> "loops/living-climate/config";
            case LOOP_CONFIG_SET -> "loops/living-climate/config/set";
            case LOOP_CONFIG_RESULT -> "loops/living-climate/config/result";
            case LOOP_STATUS -> "loops/living-climate/status";
            case LOOP_AUTOTUNE -> "loops/living-climate/autotune";
        };
    }

    /** The same kinds on ids nothing has: gateway, sensor, actuator and loop. */
    private static String throwawayTopicOf(TopicKind kind) {
        return topicOf(kind).replace("sim-1", "no-such-gateway").replace("living-temp", "no-such-sensor")
                .replace("living-lamp", "no-such-actuator").replace("living-climate", "no-such-loop");
    }

    private static String randomText(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(400);
        for (int i = 0; i < length; i++) {
            s.append((char) (0x20 + random.nextInt(0x2000)));
        }
        return s.toString();
    }

    /** Commands the gateway applied to the lamp, from its metrics: the witness that nothing bad moved it. */
    private static double lampCommandsApplied() throws Exception {
        return metric("sensor-gateway", "hearth_gateway_commands_applied_total{actuator=\"living-lamp\"");
    }

    private static double readValue(String statePayload) {
        try {
            return JSON.readTree(statePayload).path("value").asDouble(Double.NaN);
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static HttpResponse<String> rest(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", E2e.basic("admin", E2e.PASSWORD))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long storedProbes() throws Exception {
        try (Connection c = stack.database().connect();
                ResultSet rs = c.createStatement().executeQuery("select count(*) from series_point where series = 'sensors/" + PROBE + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<String, Double> rejectedByService() throws Exception {
        Map<String, Double> counts = new HashMap<>();
        for (String service : HearthStack.services()) {
            counts.put(service, metric(service, "hearth_mqtt_rejected_total"));
        }
        return counts;
    }

    private static double requests4xx() throws Exception {
        return metric("web-edge", l -> l.startsWith("http_server_requests_seconds_count{") && l.contains("status=\"4"));
    }

    private static double metric(String service, String name) throws Exception {
        return metric(service, l -> l.startsWith(name.contains("{") ? name : name + "{") || l.startsWith(name + " "));
    }

    private static double metric(String service, java.util.function.Predicate<String> line) throws Exception {
        return E2e.metricSum(stack.service(service).baseUrl(), service.equals("web-edge") ? E2e.basic("admin", E2e.PASSWORD) : null, line);
    }
}
