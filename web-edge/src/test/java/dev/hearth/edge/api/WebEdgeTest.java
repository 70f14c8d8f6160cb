package dev.hearth.edge.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import java.net.URI;
import java.util.List;
import java.time.Duration;
import java.time.Instant;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hearth.contract.testing.ContractSchemas;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import dev.hearth.local.testing.Rejections;
import dev.hearth.local.testing.TestMqttClient;
import dev.hearth.local.testing.TestWebSocketClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.core.json.JsonObject;

/** web-edge against a real broker: retained state in, REST and WebSocket out, with authentication. */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
@WithTestResource(PostgresResource.class)
class WebEdgeTest {

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    private static final String USER = "admin";
    private static final String PASSWORD = "test-admin-password";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final java.time.format.DateTimeFormatter TS = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @TestHTTPResource("/ws/live")
    URI live;

    TestMqttClient mqtt;

    @BeforeEach
    void seed() {
        mqtt = new TestMqttClient("127.0.0.1", brokerPort);
        mqtt.publish("hearth/home/gateways/gw-1/status", "online", true);
        mqtt.publish("hearth/home/gateways/gw-1/manifest", """
                {"gateway":"gw-1","version":"t","startedAt":"2026-11-25T07:00:00.000Z",
                 "sensors":[{"id":"kitchen-temp","name":"Kitchen temperature","room":"kitchen","quantity":"temperature","unit":"°C","intervalMs":5000},
                            {"id":"attic-temp","name":"Attic temperature","room":"attic","quantity":"temperature","unit":"°C","intervalMs":5000}],
                 "actuators":[{"id":"kitchen-lamp","name":"Kitchen lamp","room":"kitchen","kind":"pwm","min":0,"max":1,"unit":"ratio","failsafe":0},
                              {"id":"kitchen-fan","name":"Kitchen fan","room":"kitchen","kind":"relay","min":0,"max":1,"unit":"on/off","failsafe":0}]}""", true);
        mqtt.publish("hearth/home/sensors/kitchen-temp", reading("kitchen-temp", 19.5, Instant.now()), true);
        mqtt.publish("hearth/home/sensors/attic-temp", reading("attic-temp", 4.0, Instant.now().minusSeconds(3600)), true);
        await().atMost(WAIT).untilAsserted(() -> auth().get("/api/sensors").then().statusCode(200).body("size()", is(2)));
    }

    @AfterEach
    void close() {
        mqtt.close();
    }

    @Test
    void theDashboardIsServedWithAContentSecurityPolicyThatAllowsNoInlineScript() {
        String csp = given().get("/").then().statusCode(200).extract().header("Content-Security-Policy");
        assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        given().get("/app.js").then().statusCode(200).header("X-Content-Type-Options", is("nosniff"));
        // Asked again at each load: after an upgrade no browser keeps yesterday's script for a day (it had max-age=86400).
        for (String file : java.util.List.of("/", "/index.html", "/app.js", "/style.css")) {
            String cache = given().get(file).then().statusCode(200).extract().header("Cache-Control");
            assertThat(cache).as(file).contains("no-cache").doesNotContain("immutable");
        }
    }

    @Test
    void refusesAnonymousCallersButLeavesHealthOpen() {
        given().get("/api/sensors").then().statusCode(401);
        given().get("/api/actuators").then().statusCode(401);
        given().get("/q/metrics").then().statusCode(401);
        given().auth().preemptive().basic(USER, "wrong").get("/api/sensors").then().statusCode(401);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200).body("status", is("UP")));
        given().get("/").then().statusCode(200).body(containsString("Hearth"));
        assertThatThrownBy(() -> TestWebSocketClient.connect(live, null, null)).hasStackTraceContaining("401");
    }

    @Test
    void listsSensorsWithTheirLatestReadingAndStaleness() {
        Response sensors = auth().get("/api/sensors");
        sensors.then().statusCode(200)
                .body("find { it.id == 'kitchen-temp' }.reading.value", is(19.5f))
                .body("find { it.id == 'kitchen-temp' }.stale", is(false))
                .body("find { it.id == 'kitchen-temp' }.room", is("kitchen"))
                .body("find { it.id == 'attic-temp' }.stale", is(true));
        auth().get("/api/sensors/kitchen-temp").then().statusCode(200).body("name", is("Kitchen temperature"));
        auth().get("/api/sensors/nope").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("nope"));
        auth().get("/api/gateways").then().statusCode(200).body("status", hasItem("online"));
    }

    @Test
    void streamsASnapshotThenUpdatesAndSurvivesGarbageFrames() throws Exception {
        try (TestWebSocketClient ws = TestWebSocketClient.connect(live, USER, PASSWORD)) {
            ws.send("{\"op\":\"subscribe\",\"filters\":[\"sensors/+\"]}");
            String snapshot = ws.await(f -> f.contains("\"snapshot\""), WAIT);
            JsonObject snap = new JsonObject(snapshot);
            assertThat(snap.getJsonArray("items")).hasSize(2);
            assertThat(snapshot).contains("kitchen-temp").doesNotContain("manifest");

            mqtt.publish("hearth/home/sensors/kitchen-temp", reading("kitchen-temp", 20.25, Instant.now()), true);
            String update = ws.await(f -> f.contains("\"update\"") && f.contains("20.25"), WAIT);
            assertThat(new JsonObject(update).getString("topic")).isEqualTo("sensors/kitchen-temp");
            ContractSchemas.assertConforms(ContractSchemas.READING, new JsonObject(update).getJsonObject("payload").encode());

            ws.send("this is not json");
            ws.await(f -> f.contains("\"error\"") && f.contains("not JSON"), WAIT);
            ws.send("{\"op\":\"subscribe\",\"filters\":[\"sensors/#/x\"]}");
            ws.await(f -> f.contains("\"error\"") && f.contains("'#'"), WAIT);
            ws.send("{\"op\":\"subscribe\",\"filters\":\"sensors/+\"}");
            ws.await(f -> f.contains("\"error\"") && f.contains("'filters'"), WAIT);
            ws.send("{\"op\":\"ping\"}");
            ws.await(f -> f.equals("{\"op\":\"pong\"}"), WAIT);
            assertThat(ws.isOpen()).isTrue();

            // Updates outside the subscription are not sent.
            ws.send("{\"op\":\"unsubscribe\",\"filters\":[\"sensors/+\"]}");
            ws.send("{\"op\":\"ping\"}");
            await().atMost(WAIT).until(() -> ws.frames().stream().filter(f -> f.contains("pong")).count() == 2);
            int before = ws.frames().size();
            mqtt.publish("hearth/home/sensors/kitchen-temp", reading("kitchen-temp", 21.0, Instant.now()), true);
            ws.send("{\"op\":\"ping\"}");
            await().atMost(WAIT).until(() -> ws.frames().stream().filter(f -> f.contains("pong")).count() == 3);
            assertThat(ws.frames().subList(before, ws.frames().size())).noneMatch(f -> f.contains("21.0"));
        }
    }

    @Test
    void publishesValidatedCommandsAndRefusesBadOnes() {
        try (TestMqttClient watcher = new TestMqttClient("127.0.0.1", brokerPort).subscribe("hearth/home/actuators/+/set")) {
            String id = auth().contentType("application/json").body("{\"value\":0.7,\"ttlMs\":60000}")
                    .post("/api/actuators/kitchen-lamp/commands").then().statusCode(202).extract().path("id");
            TestMqttClient.Received command = watcher.awaitOn("hearth/home/actuators/kitchen-lamp/set", WAIT);
            ContractSchemas.assertConforms(ContractSchemas.COMMAND, command.payload());
            JsonObject c = new JsonObject(command.payload());
            assertThat(c.getString("id")).isEqualTo(id);
            assertThat(c.getDouble("value")).isEqualTo(0.7);
            assertThat(c.getString("source")).isEqualTo("user:admin");
            assertThat(command.retained()).isFalse();
        }
        auth().contentType("application/json").body("{\"value\":3}").post("/api/actuators/kitchen-lamp/commands")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("outside"));
        auth().contentType("application/json").body("{\"value\":").post("/api/actuators/kitchen-lamp/commands")
                .then().statusCode(400).body("detail", containsString("not JSON"));
        auth().contentType("application/json").body("{\"value\":0.5,\"ttlMs\":-1}").post("/api/actuators/kitchen-lamp/commands")
                .then().statusCode(400).body("detail", containsString("ttlMs"));
        // Numbers sent as strings and fractions where whole numbers belong are wrong types, as on MQTT.
        auth().contentType("application/json").body("{\"value\":\"0.5\"}").post("/api/actuators/kitchen-lamp/commands")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("'value'"));
        auth().contentType("application/json").body("{\"value\":0.5,\"ttlMs\":1.5}").post("/api/actuators/kitchen-lamp/commands")
                .then().statusCode(400).body("detail", containsString("'ttlMs'"));
        auth().contentType("application/json").body("{\"ttlMs\":1000}").post("/api/actuators/kitchen-lamp/commands")
                .then().statusCode(400).body("detail", containsString("'value'"));
        auth().contentType("application/json").body("{\"value\":0.5}").post("/api/actuators/no-such/commands")
                .then().statusCode(404);
        // A relay is off or on: half a fan is refused (the gateway would have switched it off and said so).
        auth().contentType("application/json").body("{\"value\":0.5}").post("/api/actuators/kitchen-fan/commands")
                .then().statusCode(400).body("detail", is("'value' 0.5: kitchen-fan is a relay, off (0.0) or on (1.0)"));
        auth().contentType("application/json").body("{\"value\":1}").post("/api/actuators/kitchen-fan/commands").then().statusCode(202);
    }

    @Test
    void leavesMalformedPayloadsOutAndKeepsTheLastGoodValue() {
        mqtt.publish("hearth/home/sensors/kitchen-temp", "{\"sensor\":\"kitchen-temp\",\"value\":\"hot\",\"ts\":\"" + TS.format(Instant.now()) + "\"}", true);
        mqtt.publish("hearth/home/sensors/kitchen-temp", "{\"sensor\":\"attic-temp\",\"value\":30,\"ts\":\"" + TS.format(Instant.now()) + "\"}", true);
        mqtt.publish("hearth/home/sensors/kitchen-temp", "not json", true);
        await().atMost(WAIT).until(() -> rejectedCount() >= 3);
        auth().get("/api/sensors/kitchen-temp").then().statusCode(200).body("reading.value", is(19.5f));
        // and the intake goes on with good messages
        mqtt.publish("hearth/home/sensors/kitchen-temp", reading("kitchen-temp", 18.0, Instant.now()), true);
        await().atMost(WAIT).untilAsserted(() -> auth().get("/api/sensors/kitchen-temp").then().body("reading.value", is(18.0f)));
    }

    @Test
    void aReadingOlderThanTheOneHeldIsNotTheCurrentValue() {
        // What a gateway's spool sends after the broker was away: readings taken then, after the current one.
        mqtt.publish("hearth/home/sensors/kitchen-temp", reading("kitchen-temp", -40.0, Instant.now().minusSeconds(3600)), false);
        mqtt.publish("hearth/home/sensors/kitchen-temp", reading("kitchen-temp", 22.5, Instant.now()), false);
        await().atMost(WAIT).untilAsserted(() -> auth().get("/api/sensors/kitchen-temp").then().body("reading.value", is(22.5f)));
        mqtt.publish("hearth/home/sensors/kitchen-temp", reading("kitchen-temp", -40.0, Instant.now().minusSeconds(60)), false);
        // After it, in order: once this is seen, so was that. A value the lamp does not have yet, or seeing it proves nothing.
        float held = auth().get("/api/actuators/kitchen-lamp").then().extract().path("state.value") instanceof Float f ? f : -1f;
        double marker = (float) 0.125 == held ? 0.375 : 0.125;
        mqtt.publish("hearth/home/actuators/kitchen-lamp/state", """
                {"actuator":"kitchen-lamp","value":%s,"unit":"ratio","ts":"%s","cause":"command","command":"c-%s","source":"user:test"}"""
                .formatted(marker, TS.format(Instant.now()), System.nanoTime()), false);
        await().atMost(WAIT).untilAsserted(() -> auth().get("/api/actuators/kitchen-lamp").then().body("state.value", is((float) marker)));
        auth().get("/api/sensors/kitchen-temp").then().body("reading.value", is(22.5f)).body("stale", is(false));
    }

    private double rejectedCount() {
        return Rejections.total(registry, "reading");
    }

    @Test
    void listsLoopsWithTheirConfigAndLatestStatus() {
        mqtt.publish("hearth/home/loops/kitchen-climate/config", """
                {"loop":"kitchen-climate","kind":"pid","sensor":"kitchen-temp","actuator":"kitchen-lamp","mode":"auto","setpoint":21.0,
                 "kp":1.2,"ki":0.001,"kd":0.0,"outputMin":0,"outputMax":1,"sampleMs":5000}""", true);
        mqtt.publish("hearth/home/loops/kitchen-climate/status", """
                {"loop":"kitchen-climate","ts":"%s","pv":19.5,"sp":21.0,"out":0.4,"p":0.3,"i":0.1,"d":0.0,"mode":"auto","state":"ok"}"""
                .formatted(dev.hearth.contract.Times.format(Instant.now())), false);
        await().atMost(WAIT).untilAsserted(() -> auth().get("/api/loops").then().statusCode(200)
                .body("size()", is(1)).body("[0].id", is("kitchen-climate")).body("[0].config.setpoint", is(21.0f))
                .body("[0].status.out", is(0.4f)));
        auth().get("/api/loops/kitchen-climate").then().statusCode(200).body("config.sensor", is("kitchen-temp"));
        auth().get("/api/loops/nowhere").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("no such loop"));
        for (String notAnId : List.of("NOPE", "a_b", "x y")) { // no id at all: still not found, not a 500
            auth().get("/api/loops/" + notAnId).then().statusCode(404).contentType("application/problem+json");
            auth().contentType("application/json").body("{\"setpoint\":22}").patch("/api/loops/" + notAnId).then().statusCode(404);
        }
        given().get("/api/loops").then().statusCode(401);

        // Changes go to control-service over MQTT and come back with its answer; here the test stands in for it.
        auth().contentType("application/json").body("{\"setpoint\":22}").patch("/api/loops/nowhere").then().statusCode(404);
        auth().contentType("application/json").body("{\"setpoint\":\"warm\"}").patch("/api/loops/kitchen-climate").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("'setpoint' has the wrong type"));
        // Unknown fields are ignored (StrictJson), so a misspelt one changes nothing, and says so.
        auth().contentType("application/json").body("{\"setPoint\":22}").patch("/api/loops/kitchen-climate").then().statusCode(400)
                .body("detail", containsString("changes nothing"));
        // Modes by the contract's codes, which the error names; a number too large for a double is not sent on as "Infinity".
        for (String mode : new String[] {"\"turbo\"", "\"MANUAL\"", "1"}) {
            auth().contentType("application/json").body("{\"mode\":" + mode + "}").patch("/api/loops/kitchen-climate").then()
                    .statusCode(400).contentType("application/problem+json")
                    .body("detail", is("'mode' must be one of auto, manual, off or autotune"));
        }
        auth().contentType("application/json").body("{\"setpoint\":1e999}").patch("/api/loops/kitchen-climate").then().statusCode(400)
                .body("detail", is("'setpoint' must be a finite number"));
        // Nobody answers: 504 after hearth.edge.loop-change-timeout (3 s in tests).
        auth().contentType("application/json").body("{\"setpoint\":22}").patch("/api/loops/kitchen-climate").then().statusCode(504)
                .body("detail", containsString("did not answer"));
        for (boolean accept : new boolean[] {true, false}) {
            TestMqttClient control = new TestMqttClient("127.0.0.1", brokerPort).subscribe("hearth/home/loops/kitchen-climate/config/set");
            java.util.concurrent.CompletableFuture<io.restassured.response.Response> patched = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> auth().contentType("application/json")
                            .body("{\"setpoint\":22.5,\"kp\":2,\"mode\":\"manual\",\"manualOutput\":0.3}")
                            .patch("/api/loops/kitchen-climate"));
            TestMqttClient.Received set = control.awaitOn("hearth/home/loops/kitchen-climate/config/set", WAIT);
            control.close();
            assertThat(set.payload()).contains("\"setpoint\":22.5").contains("\"kp\":2.0").contains("\"mode\":\"manual\"")
                    .contains("\"manualOutput\":0.3");
            mqtt.publish("hearth/home/loops/kitchen-climate/config/result", "{\"loop\":\"kitchen-climate\",\"requestId\":\""
                    + requestId(set) + "\",\"ts\":\"" + dev.hearth.contract.Times.format(Instant.now()) + "\",\"accepted\":" + accept
                    + (accept ? "" : ",\"reason\":\"setpoint 22.5 is above setpointMax 22\"") + "}", false);
            io.restassured.response.Response answer = patched.join();
            assertThat(answer.statusCode()).isEqualTo(accept ? 200 : 400);
            if (!accept) {
                assertThat(answer.jsonPath().getString("detail")).contains("refused").contains("above setpointMax");
            }
        }
        mqtt.publish("hearth/home/loops/kitchen-climate/config", "", true);
    }

    private static String requestId(TestMqttClient.Received set) {
        return new io.vertx.core.json.JsonObject(set.payload()).getString("requestId");
    }

    @Test
    void saysSoWhenTheHistoryServiceIsUnreachable() {
        // In tests HEARTH_HISTORY_URL points at a closed port; the end-to-end tests cover the real answer.
        auth().get("/api/history/sensors/kitchen-temp").then().statusCode(503).contentType("application/problem+json")
                .body("detail", containsString("not reachable"));
        auth().get("/api/history/lamps/x").then().statusCode(404);
        given().get("/api/history/sensors/kitchen-temp").then().statusCode(401);
    }

    @Test
    void theDashboardLogsInWithAFormAndACookie() {
        given().get("/session").then().statusCode(200).body("authenticated", is(false));
        Response login = given().formParam("j_username", USER).formParam("j_password", PASSWORD).post("/j_security_check");
        login.then().statusCode(200);
        String cookie = login.getCookie("quarkus-credential");
        assertThat(cookie).isNotBlank();
        assertThat(login.getCookie("hearth-session")).isNotBlank();
        given().cookies(login.getCookies()).get("/api/sensors").then().statusCode(200);
        given().cookies(login.getCookies()).get("/session").then().body("authenticated", is(true))
                .body("roles", hasItem("operator"));
        // The login cookie alone is not a session: it needs the user's current session nonce beside it.
        given().cookie("quarkus-credential", cookie).get("/api/sensors").then().statusCode(401);
        Response failed = given().formParam("j_username", USER).formParam("j_password", "nope").post("/j_security_check");
        failed.then().statusCode(401);
        assertThat(failed.getCookie("hearth-session")).isNull();
    }

    static io.restassured.specification.RequestSpecification auth() {
        return given().auth().preemptive().basic(USER, PASSWORD);
    }

    static String reading(String sensor, double value, Instant ts) {
        return new JsonObject().put("sensor", sensor).put("quantity", "temperature").put("value", value).put("unit", "°C")
                .put("ts", TS.format(ts)).put("seq", 1).encode();
    }
}
