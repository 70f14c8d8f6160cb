package dev.hearth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
import dev.hearth.local.stack.HearthStack;
import dev.hearth.local.stack.MosquittoBroker;
import dev.hearth.local.stack.Ports;
import dev.hearth.local.testing.TestMqttClient;

/**
 * The heater's safety with the whole box running, each fault as it happens in a home: control-service killed with -9
 * while it drives the heater (the heater falls back when the loop's last command runs out, within its lifetime + 1 s);
 * a command stamped an hour in the future (refused), and one stamped ahead within the gateway's clock skew with a short
 * time to live (it runs out on time: the gateway counts from its arrival); the gateway cut from its broker (the heater
 * falls back after the grace period, not before). The box runs on
 * Debian's mosquitto here, so that the broker can be killed and started again under the services.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SafetyE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String HEATER = "hearth/home/actuators/living-heater/";
    /** The gateway's default (sensor-gateway's application.properties); the stack does not change it. */
    private static final Duration GRACE = Duration.ofSeconds(15);
    /** The watchdog looks at the connection four times a second: a tick to notice the loss, one to see the grace run out. */
    private static final Duration WATCHDOG_TICKS = Duration.ofMillis(500);

    private static MosquittoBroker broker;
    private static HearthStack stack;
    private static int httpPort;
    private static TestMqttClient observer;

    @BeforeAll
    static void startStack() throws Exception {
        assumeTrue(MosquittoBroker.available(), "needs Debian's mosquitto (.ci/run installs it)");
        Path data = E2e.root().resolve("e2e/target/safety-" + System.currentTimeMillis());
        broker = MosquittoBroker.start(data.resolve("mosquitto"), "127.0.0.1", Ports.free());
        httpPort = Ports.free();
        stack = HearthStack.start(new HearthStack.Settings(E2e.root(), data, "home", httpPort, "127.0.0.1", Ports.free(), broker.url(),
                null, E2e.PASSWORD, "e2e-session-key-0123456789abcdef", Duration.ofSeconds(180)), System.out::println);
        observer = new TestMqttClient("127.0.0.1", broker.port()).subscribe(HEATER + "#");
    }

    @AfterAll
    static void stopStack() throws Exception {
        E2e.closeAll(broker, stack, observer);
    }

    @Test
    @Order(1)
    void controlServiceKilledWhileHeatingTheHeaterFallsBackWithinTheCommandsLifetimePlusOneSecond() throws Exception {
        // Ask for warmth the simulated room does not have, so that the loop drives the heater.
        HttpResponse<String> change = rest("PATCH", "/api/loops/living-climate", "{\"setpoint\":30}");
        assertThat(change.statusCode()).as(change.body()).isEqualTo(200);
        await().atMost(WAIT).until(() -> lastState().map(s -> s.path("value").asDouble() > 0
                && s.path("source").asText().equals("loop:living-climate")).orElse(false));
        // A command of the loop's own seen here, so that the last one before the kill is known.
        observer.await(m -> m.topic().equals(HEATER + "set") && m.payload().contains("loop:living-climate"), WAIT);

        Instant killed = Instant.now();
        stack.service("control-service").kill();
        // The command the heater last took (a command still on its way to this observer may not be the one).
        await().atMost(WAIT).until(() -> lastState().map(s -> !s.path("command").asText().isEmpty()).orElse(false));
        String lastApplied = observer.received(HEATER + "state").stream().map(m -> read(m.payload()))
                .filter(s -> s.path("cause").asText().equals("command")).reduce((a, b) -> b).orElseThrow().path("command").asText();
        JsonNode last = read(observer.await(m -> m.topic().equals(HEATER + "set") && m.payload().contains(lastApplied), WAIT).payload());
        Instant deadline = Instant.parse(last.path("ts").asText()).plusMillis(last.path("ttlMs").asLong());
        assertThat(last.path("ttlMs").asLong()).as("the loop's commands have a lifetime").isPositive();

        JsonNode failsafe = awaitState(s -> s.path("value").asDouble() == 0 && s.path("cause").asText().equals("expired")
                && Instant.parse(s.path("ts").asText()).isAfter(killed));
        System.out.printf("control-service killed at %s; the loop's last command ran until %s; heater at failsafe at %s%n", killed, deadline,
                failsafe.path("ts").asText());
        assertThat(Instant.parse(failsafe.path("ts").asText())).as("heater at its failsafe value by the last command's end + 1 s")
                .isAfterOrEqualTo(deadline.minusMillis(100)).isBeforeOrEqualTo(deadline.plusSeconds(1));
    }

    @Test
    @Order(2)
    void aCommandStampedAnHourAheadIsRefusedAndOneStampedAheadWithinTheSkewRunsOutOnTime() throws Exception {
        double refusedBefore = refusedCommands();
        String early = UUID.randomUUID().toString();
        String ahead = UUID.randomUUID().toString();
        Instant sent;
        try (TestMqttClient publisher = new TestMqttClient("127.0.0.1", broker.port())) {
            // An hour ahead: the gateway refuses it (it takes a command at most 30 s ahead of its clock), counted.
            publisher.publish(HEATER + "set", ContractWriter.write(new Command(early, 0.7, "user:e2e", Instant.now().plus(Duration.ofHours(1)),
                    3_000L)), false);
            await().atMost(WAIT).until(() -> refusedCommands() > refusedBefore);
            // 25 s ahead, within what it takes: it runs for its 3 s from its arrival, not until its ts + 3 s.
            sent = Instant.now();
            publisher.publish(HEATER + "set", ContractWriter.write(new Command(ahead, 0.6, "user:e2e", sent.plusSeconds(25), 3_000L)), false);
        }
        awaitState(s -> s.path("command").asText().equals(ahead) && s.path("value").asDouble() == 0.6);
        Instant after = sent;
        JsonNode expired = awaitState(s -> s.path("value").asDouble() == 0 && s.path("cause").asText().equals("expired")
                && Instant.parse(s.path("ts").asText()).isAfter(after));
        assertThat(Instant.parse(expired.path("ts").asText())).as("3 s after it arrived, not 25 s and 3 s")
                .isAfterOrEqualTo(sent.plusSeconds(3)).isBeforeOrEqualTo(sent.plusSeconds(3 + 1));
        assertThat(observer.received(HEATER + "state")).as("the command an hour ahead never drove the heater")
                .noneMatch(m -> m.payload().contains(early));
    }

    @Test
    @Order(3)
    void theGatewayCutFromItsBrokerFallsBackAfterTheGracePeriod() throws Exception {
        HttpResponse<String> command = rest("POST", "/api/actuators/living-heater/commands", "{\"value\":0.5,\"ttlMs\":600000}");
        assertThat(command.statusCode()).as(command.body()).isEqualTo(202);
        String id = JSON.readTree(command.body()).path("id").asText();
        awaitState(s -> s.path("command").asText().equals(id) && s.path("value").asDouble() == 0.5);

        Instant cut = Instant.now();
        broker.kill();
        // Back once the grace period is over: the gateway tells its state again when it reconnects.
        Thread.sleep(GRACE.plusSeconds(3).toMillis());
        broker.startAgain();
        try (TestMqttClient after = new TestMqttClient("127.0.0.1", broker.port()).subscribe(HEATER + "state")) {
            JsonNode state = JSON.readTree(after.await(m -> m.payload().contains("\"failsafe\""), WAIT).payload());
            System.out.printf("broker killed at %s; heater at failsafe at %s (grace %s)%n", cut, state.path("ts").asText(), GRACE);
            assertThat(state.path("value").asDouble()).isZero();
            assertThat(Instant.parse(state.path("ts").asText())).as("failsafe after the grace period, not before")
                    // The watchdog's ticks (SafetyClock, four a second), and a second for a loaded 2-core CI machine
                    // (measured 0.15-0.42 s after grace + ticks; Quarkus's 1 s scheduler, before SafetyClock, up to 2 s).
                    .isAfterOrEqualTo(cut.plus(GRACE)).isBeforeOrEqualTo(cut.plus(GRACE).plus(WATCHDOG_TICKS).plusSeconds(1));
        }
    }

    /** Well-formed commands the gateway refused, from its metrics. */
    private static double refusedCommands() throws Exception {
        return E2e.metricSum(stack.service("sensor-gateway").baseUrl(), null, l -> l.startsWith("hearth_mqtt_rejected_total{")
                && l.contains("kind=\"command\"") && l.contains("reason=\"refused\""));
    }

    private static java.util.Optional<JsonNode> lastState() {
        List<TestMqttClient.Received> states = observer.received(HEATER + "state");
        return states.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(read(states.get(states.size() - 1).payload()));
    }

    private static JsonNode awaitState(java.util.function.Predicate<JsonNode> match) {
        return read(observer.await(m -> m.topic().equals(HEATER + "state") && match.test(read(m.payload())), WAIT).payload());
    }

    private static JsonNode read(String payload) {
        try {
            return JSON.readTree(payload);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }

    private static HttpResponse<String> rest(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", E2e.basic("admin", E2e.PASSWORD))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
