package dev.hearth.edge.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.edge.api.TokensResource;
import dev.hearth.local.stack.EmbeddedDatabase;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import dev.hearth.local.testing.TestMqttClient;
import dev.hearth.local.testing.TestWebSocketClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Users, roles and tokens against a real PostgreSQL and broker: every endpoint with no credentials (401), a role too
 * low (403) and the role it needs (allowed), all refusals as problem details; tokens that act for their owner and stop
 * when revoked; users managed through the API, stored hashed.
 */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
@WithTestResource(PostgresResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessTest {

    private static final String ADMIN_PASSWORD = "test-admin-password";
    private static final String VIEWER = "vic";
    private static final String OPERATOR = "olga";
    private static final String PASSWORD = "correct horse battery";

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @TestHTTPResource("/ws/live")
    URI live;

    @TestHTTPResource("/")
    URI api;

    TestMqttClient mqtt;

    /**
     * One endpoint, the lowest role it needs, a request that role can make, and what it answers when allowed (a 2xx
     * unless the request names nothing there, or history-service is not running here).
     */
    record Endpoint(String method, String path, String body, String role, List<Integer> allowed) {
        Endpoint(String method, String path, String body, String role) {
            this(method, path, body, role, List.of());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final List<Integer> NOTHING_THERE = List.of(404);
    static final List<Integer> HISTORY_DOWN = List.of(503);

    static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/gateways", null, "viewer"),
            new Endpoint("GET", "/api/sensors", null, "viewer"),
            new Endpoint("GET", "/api/sensors/hall-temp", null, "viewer"),
            new Endpoint("GET", "/api/actuators", null, "viewer"),
            new Endpoint("GET", "/api/actuators/hall-lamp", null, "viewer"),
            new Endpoint("POST", "/api/actuators/hall-lamp/commands", "{\"value\":0.5}", "operator"),
            new Endpoint("GET", "/api/loops", null, "viewer"),
            new Endpoint("GET", "/api/loops/no-loop", null, "viewer", NOTHING_THERE),
            new Endpoint("PATCH", "/api/loops/no-loop", "{\"setpoint\":20}", "operator", NOTHING_THERE),
            new Endpoint("GET", "/api/history/sensors/hall-temp", null, "viewer", HISTORY_DOWN),
            new Endpoint("GET", "/api/history/actuators/hall-lamp", null, "viewer", HISTORY_DOWN),
            new Endpoint("GET", "/api/tokens", null, "viewer"),
            new Endpoint("POST", "/api/tokens", "{\"name\":\"matrix\"}", "viewer"),
            new Endpoint("DELETE", "/api/tokens/000000000000", null, "viewer", NOTHING_THERE),
            new Endpoint("GET", "/api/users", null, "admin"),
            new Endpoint("GET", "/api/users/vic", null, "admin"),
            new Endpoint("POST", "/api/users", "{\"name\":\"matrix\",\"password\":\"matrix password\",\"role\":\"viewer\"}", "admin"),
            new Endpoint("PATCH", "/api/users/vic", "{\"role\":\"viewer\"}", "admin"),
            new Endpoint("DELETE", "/api/users/doomed", null, "admin"),
            new Endpoint("GET", "/q/metrics", null, "viewer"),
            new Endpoint("GET", "/q/openapi", null, "viewer"));

    private boolean seeded;

    /** Once per class, but in a @BeforeEach: REST Assured learns the test port only then. */
    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        seeded = true;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        mqtt = new TestMqttClient("127.0.0.1", brokerPort);
        mqtt.publish("hearth/home/gateways/gw-a/manifest", """
                {"gateway":"gw-a","version":"t","startedAt":"2026-11-25T07:00:00.000Z",
                 "sensors":[{"id":"hall-temp","name":"Hall","room":"hall","quantity":"temperature","unit":"°C","intervalMs":5000}],
                 "actuators":[{"id":"hall-lamp","name":"Hall lamp","room":"hall","kind":"pwm","min":0,"max":1,"unit":"ratio","failsafe":0}]}""", true);
        mqtt.publish("hearth/home/sensors/hall-temp",
                ContractWriter.write(new Reading("hall-temp", Quantity.TEMPERATURE, 20.5, "°C", Instant.now(), 1L)), true);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> admin().get("/api/sensors/hall-temp").then().statusCode(200));
        createUser(VIEWER, "viewer");
        createUser(OPERATOR, "operator");
        createUser("doomed", "viewer");
    }

    @AfterAll
    void close() {
        if (mqtt != null) {
            mqtt.close();
        }
    }

    @Test
    void everyEndpointRefusesAnonymousAndTooLowRolesWithProblemDetailsAndServesTheRoleItNeeds() {
        SoftAssertions softly = new SoftAssertions();
        for (Endpoint e : ENDPOINTS) {
            Response anonymous = call(given(), e);
            softly.assertThat(anonymous.statusCode()).as("anonymous %s", e).isEqualTo(401);
            softly.assertThat(anonymous.contentType()).as("anonymous %s", e).startsWith("application/problem+json");
            softly.assertThat(anonymous.header("WWW-Authenticate")).as("anonymous %s", e).startsWith("Basic");
            for (String role : List.of("viewer", "operator", "admin")) {
                Response answer = call(as(role), e);
                if (rank(role) < rank(e.role())) {
                    softly.assertThat(answer.statusCode()).as("%s %s", role, e).isEqualTo(403);
                    softly.assertThat(answer.contentType()).as("%s %s", role, e).startsWith("application/problem+json");
                    softly.assertThat(answer.jsonPath().getString("detail")).as("%s %s", role, e).isNotBlank();
                } else if (!e.allowed().isEmpty()) {
                    softly.assertThat(answer.statusCode()).as("%s %s", role, e).isIn(e.allowed());
                } else {
                    softly.assertThat(answer.statusCode()).as("%s %s", role, e).isBetween(200, 299);
                }
            }
        }
        assertThatThrownBy(() -> TestWebSocketClient.connect(live, null, null)).hasStackTraceContaining("401");
        // The handshake's refusal is problem details too (it had no body).
        Response handshake = given().header("Connection", "Upgrade").header("Upgrade", "websocket").header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==").get("/ws/live");
        softly.assertThat(handshake.statusCode()).isEqualTo(401);
        softly.assertThat(handshake.contentType()).startsWith("application/problem+json");
        // No challenge: the dashboard reconnecting with an expired cookie must get its own login, not a password box.
        softly.assertThat(handshake.header("WWW-Authenticate")).isNull();
        softly.assertAll();
    }

    @Test
    void wrongCredentialsAndUnknownPathsAreProblemDetailsToo() {
        Response wrong = given().auth().preemptive().basic(VIEWER, "not the password").get("/api/sensors");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(wrong.jsonPath().getInt("status")).isEqualTo(401);

        // The dashboard's requests get no Basic challenge: a browser would open its own password prompt.
        Response fromDashboard = given().header("X-Requested-With", "hearth").get("/api/sensors");
        assertThat(fromDashboard.statusCode()).isEqualTo(401);
        assertThat(fromDashboard.header("WWW-Authenticate")).isNull();
        Response formLogin = given().formParam("j_username", VIEWER).formParam("j_password", "nope").post("/j_security_check");
        assertThat(formLogin.statusCode()).isEqualTo(401);
        assertThat(formLogin.header("WWW-Authenticate")).isNull();

        Response badToken = given().header("Authorization", "Bearer hth_000000000000_" + "A".repeat(43)).get("/api/sensors");
        assertThat(badToken.statusCode()).isEqualTo(401);
        assertThat(badToken.contentType()).startsWith("application/problem+json");

        Response missing = admin().get("/api/no-such-thing");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");

        Response notAllowed = admin().delete("/api/sensors");
        assertThat(notAllowed.statusCode()).isEqualTo(405);
        assertThat(notAllowed.contentType()).startsWith("application/problem+json");

        Response notJson = as("operator").contentType("text/plain").body("value=1").post("/api/actuators/hall-lamp/commands");
        assertThat(notJson.statusCode()).isEqualTo(415);
        assertThat(notJson.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aTokenActsForItsOwnerWithTheOwnersCurrentRoleUntilRevoked() {
        String owner = "tomas";
        createUser(owner, "operator");
        Response issued = given().auth().preemptive().basic(owner, PASSWORD).contentType("application/json")
                .body("{\"name\":\"node-red\"}").post("/api/tokens");
        assertThat(issued.statusCode()).isEqualTo(201);
        String token = issued.jsonPath().getString("token");
        String id = issued.jsonPath().getString("id");
        assertThat(token).startsWith("hth_" + id + "_");

        // Listed without its secret; a second token of the same name is refused.
        Response listed = bearer(token).get("/api/tokens");
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(listed.jsonPath().getList("name")).containsExactly("node-red");
        // Times as everywhere in Hearth, with three fraction digits (found by a new user: six here, nine after a PATCH).
        assertThat(issued.jsonPath().getString("createdAt")).matches(MILLIS);
        assertThat(listed.jsonPath().getString("[0].createdAt")).matches(MILLIS);
        assertThat(listed.asString()).doesNotContain(token.substring(18));
        given().auth().preemptive().basic(owner, PASSWORD).contentType("application/json").body("{\"name\":\"node-red\"}")
                .post("/api/tokens").then().statusCode(409);

        bearer(token).get("/api/sensors").then().statusCode(200);
        bearer(token).contentType("application/json").body("{\"value\":0.25}").post("/api/actuators/hall-lamp/commands")
                .then().statusCode(202);
        bearer(token).get("/api/users").then().statusCode(403);
        // A token cannot make another token (a leaked one would outlive its revocation).
        bearer(token).contentType("application/json").body("{\"name\":\"spawn\"}").post("/api/tokens").then().statusCode(403);
        // Someone else's token id is not theirs to revoke.
        as("viewer").delete("/api/tokens/" + id).then().statusCode(404);

        // Demoted: the same token may no longer command.
        admin().contentType("application/json").body("{\"role\":\"viewer\"}").patch("/api/users/" + owner).then().statusCode(200)
                .body("createdAt", org.hamcrest.Matchers.matchesPattern(MILLIS)).body("updatedAt", org.hamcrest.Matchers.matchesPattern(MILLIS));
        bearer(token).contentType("application/json").body("{\"value\":0.25}").post("/api/actuators/hall-lamp/commands")
                .then().statusCode(403);

        bearer(token).delete("/api/tokens/" + id).then().statusCode(204);
        bearer(token).get("/api/sensors").then().statusCode(401);

        // A deleted user's tokens die with them.
        String second = given().auth().preemptive().basic(owner, PASSWORD).contentType("application/json")
                .body("{\"name\":\"ha\"}").post("/api/tokens").then().statusCode(201).extract().path("token");
        bearer(second).get("/api/sensors").then().statusCode(200);
        admin().delete("/api/users/" + owner).then().statusCode(204);
        bearer(second).get("/api/sensors").then().statusCode(401);
        given().auth().preemptive().basic(owner, PASSWORD).get("/api/sensors").then().statusCode(401);
    }

    @Test
    void aTokenOpensTheWebSocketAndAForeignOriginCannot() throws Exception {
        String token = as("viewer").contentType("application/json").body("{\"name\":\"ws-" + System.nanoTime() + "\"}")
                .post("/api/tokens").then().statusCode(201).extract().path("token");
        try (TestWebSocketClient ws = TestWebSocketClient.connect(live, Map.of("Authorization", "Bearer " + token))) {
            ws.send("{\"op\":\"subscribe\",\"filters\":[\"sensors/+\"]}");
            assertThat(ws.await(f -> f.contains("\"snapshot\""), Duration.ofSeconds(10))).contains("hall-temp");
        }
        String own = "http://" + live.getHost() + ":" + live.getPort();
        try (TestWebSocketClient ws = TestWebSocketClient.connect(live, Map.of("Authorization", "Bearer " + token, "Origin", own))) {
            assertThat(ws.isOpen()).isTrue();
        }
        assertThatThrownBy(() -> TestWebSocketClient.connect(live, Map.of("Authorization", "Bearer " + token,
                "Origin", "https://evil.example"))).hasStackTraceContaining("403");
    }

    @Test
    void usersAreManagedByAdminsAndKeepAtLeastOneAdmin() {
        createUser("uma", "viewer");
        admin().contentType("application/json").body("{\"name\":\"uma\",\"password\":\"" + PASSWORD + "\",\"role\":\"viewer\"}")
                .post("/api/users").then().statusCode(409);
        assertThat(admin().get("/api/users").jsonPath().getList("name", String.class)).contains("admin", "uma", VIEWER, OPERATOR);
        assertThat(admin().get("/api/users").asString()).doesNotContain("$2").doesNotContain(PASSWORD);

        // A new password replaces the old one at once.
        admin().contentType("application/json").body("{\"password\":\"another long passphrase\"}").patch("/api/users/uma")
                .then().statusCode(200);
        given().auth().preemptive().basic("uma", PASSWORD).get("/api/sensors").then().statusCode(401);
        given().auth().preemptive().basic("uma", "another long passphrase").get("/api/sensors").then().statusCode(200);

        // The only admin can be neither demoted nor removed.
        Response demote = admin().contentType("application/json").body("{\"role\":\"operator\"}").patch("/api/users/admin");
        assertThat(demote.statusCode()).isEqualTo(409);
        assertThat(demote.jsonPath().getString("detail")).contains("at least one admin");
        admin().delete("/api/users/admin").then().statusCode(409);
        admin().delete("/api/users/nobody").then().statusCode(404);
        admin().delete("/api/users/uma").then().statusCode(204);
    }

    @Test
    void badUserBodiesAreRefusedNamingTheField() {
        assertThat(badRequest("{\"name\":\"x y\",\"password\":\"" + PASSWORD + "\",\"role\":\"viewer\"}")).contains("'name'");
        assertThat(badRequest("{\"name\":\"shorty\",\"password\":\"short\",\"role\":\"viewer\"}")).contains("'password'");
        assertThat(badRequest("{\"name\":\"shorty\",\"password\":\"" + "é".repeat(40) + "\",\"role\":\"viewer\"}"))
                .contains("72 bytes");
        assertThat(badRequest("{\"name\":\"shorty\",\"password\":\"" + PASSWORD + "\",\"role\":\"root\"}")).contains("'role'");
        assertThat(badRequest("{\"name\":\"shorty\",\"password\":\"" + PASSWORD + "\"}")).contains("'role'");
        assertThat(badRequest("{\"name\":7,\"password\":\"" + PASSWORD + "\",\"role\":\"viewer\"}")).contains("'name'");
        assertThat(badRequest("not json")).contains("not JSON");
        admin().get("/api/users/shorty").then().statusCode(404);
    }

    @Test
    void aNewPasswordEndsTheSessionsOpenedWithTheOldOne() {
        createUser("mover", "operator");
        Map<String, String> before = login("mover", PASSWORD);
        Map<String, String> elsewhere = login("mover", PASSWORD);
        given().cookies(before).get("/api/sensors").then().statusCode(200);
        // A new role keeps the sessions, with the new role at once.
        admin().contentType("application/json").body("{\"role\":\"viewer\"}").patch("/api/users/mover").then().statusCode(200);
        assertThat(given().cookies(before).get("/session").jsonPath().getList("roles")).containsExactly("viewer");

        admin().contentType("application/json").body("{\"password\":\"a brand new password\"}").patch("/api/users/mover")
                .then().statusCode(200);
        for (Map<String, String> old : List.of(before, elsewhere)) {
            Response refused = given().cookies(old).get("/api/sensors");
            refused.then().statusCode(401);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            // The dashboard asks /session on loading and then shows its login.
            given().cookies(old).get("/session").then().statusCode(401);
        }
        // The browser sends the old cookies with every request, the page and its logout included: each answer clears
        // them and asks for no password (a Basic challenge would open the browser's own prompt).
        Response page = given().redirects().follow(false).cookies(before).get("/");
        page.then().statusCode(303).header("Location", "/").header("WWW-Authenticate", (String) null);
        assertThat(page.getDetailedCookie("quarkus-credential").getMaxAge()).isZero();
        assertThat(page.getDetailedCookie("hearth-session").getMaxAge()).isZero();
        Response logout = given().cookies(before).header("X-Requested-With", "hearth").delete("/session");
        logout.then().statusCode(401).header("WWW-Authenticate", (String) null);
        assertThat(logout.getDetailedCookie("hearth-session").getMaxAge()).isZero();
        // Logging in again works with the old cookies still in the browser.
        Map<String, String> after = login(before, "mover", "a brand new password");
        given().cookies(after).get("/api/sensors").then().statusCode(200);
    }

    @Test
    void aSocketOpenedBeforeAPasswordChangeOnAnotherReplicaCommandsNoMore() throws Exception {
        createUser("roamer", "operator");
        Map<String, String> cookies = login("roamer", PASSWORD);
        String cookieHeader = cookies.entrySet().stream().map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; "));
        try (TestWebSocketClient ws = TestWebSocketClient.connect(live, Map.of("Cookie", cookieHeader))) {
            ws.send("{\"op\":\"command\",\"ref\":\"1\",\"actuator\":\"hall-lamp\",\"value\":0.25}");
            ws.await(f -> f.contains("commandAccepted") && f.contains("\"1\""), Duration.ofSeconds(10));
            // Another replica took the new password: this one fired no event, its socket stays open.
            try (Connection db = DriverManager.getConnection(PostgresResource.database().jdbcUrl(), EmbeddedDatabase.USER, null)) {
                db.createStatement().executeUpdate("update edge.app_user set session_nonce = 'replaced' where name = 'roamer'");
            }
            ws.send("{\"op\":\"command\",\"ref\":\"2\",\"actuator\":\"hall-lamp\",\"value\":0.5}");
            assertThat(ws.await(f -> f.contains("\"2\""), Duration.ofSeconds(10))).contains("error").contains("operator role");
        }
    }

    private static Map<String, String> login(String user, String password) {
        return login(Map.of(), user, password);
    }

    private static Map<String, String> login(Map<String, String> cookies, String user, String password) {
        Response login = given().cookies(cookies).formParam("j_username", user).formParam("j_password", password)
                .post("/j_security_check");
        login.then().statusCode(200);
        return login.getCookies();
    }

    @Test
    void tokensAskedForAtOnceStopAtTheCap() throws Exception {
        createUser("hoarder", "viewer");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("hoarder:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        int asked = TokensResource.MAX_PER_USER + 10;
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < asked; i++) {
            answers.add(http.sendAsync(HttpRequest.newBuilder(api.resolve("/api/tokens")).header("Authorization", basic)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"t" + i + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, Long> byStatus = answers.stream().map(CompletableFuture::join)
                .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(byStatus).isEqualTo(Map.of(201, (long) TokensResource.MAX_PER_USER, 409, 10L));
        try (Connection db = DriverManager.getConnection(PostgresResource.database().jdbcUrl(), EmbeddedDatabase.USER, null)) {
            ResultSet count = db.createStatement().executeQuery("select count(*) from edge.api_token where owner = 'hoarder'");
            assertThat(count.next()).isTrue();
            assertThat(count.getLong(1)).isEqualTo(TokensResource.MAX_PER_USER);
        }
    }

    @Test
    void passwordsAndTokensAreStoredOnlyAsBcryptHashes() throws Exception {
        String token = as("viewer").contentType("application/json").body("{\"name\":\"stored-" + System.nanoTime() + "\"}")
                .post("/api/tokens").then().statusCode(201).extract().path("token");
        try (Connection db = DriverManager.getConnection(PostgresResource.database().jdbcUrl(), EmbeddedDatabase.USER, null)) {
            ResultSet users = db.createStatement().executeQuery("select password_hash from edge.app_user where name = '" + VIEWER + "'");
            assertThat(users.next()).isTrue();
            assertThat(users.getString(1)).startsWith("$2").doesNotContain(PASSWORD);
            ResultSet tokens = db.createStatement().executeQuery("select secret_hash from edge.api_token");
            while (tokens.next()) {
                assertThat(tokens.getString(1)).startsWith("$2").doesNotContain(token.substring(18));
            }
        }
    }

    @Test
    void cookieWritesNeedTheDashboardsHeaderButCookieReadsDoNot() {
        Response login = given().formParam("j_username", OPERATOR).formParam("j_password", PASSWORD).post("/j_security_check");
        assertThat(login.statusCode()).isEqualTo(200);
        Map<String, String> cookies = login.getCookies();
        given().cookies(cookies).get("/api/sensors").then().statusCode(200);
        Response forged = given().cookies(cookies).contentType("application/json").body("{\"value\":1}")
                .post("/api/actuators/hall-lamp/commands");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.jsonPath().getString("detail")).contains("X-Requested-With");
        given().cookies(cookies).header("X-Requested-With", "hearth").header("Origin", "https://evil.example")
                .contentType("application/json").body("{\"value\":1}").post("/api/actuators/hall-lamp/commands")
                .then().statusCode(403);
        given().cookies(cookies).header("X-Requested-With", "hearth").contentType("application/json")
                .body("{\"value\":1}").post("/api/actuators/hall-lamp/commands").then().statusCode(202);
    }

    @Test
    void repeatedFailedLoginsForOneNameAreHeldBackAndCounted() {
        createUser("guessed", "viewer");
        double failedBefore = registry.counter("hearth.edge.logins.failed").count();
        double heldBefore = registry.counter("hearth.edge.logins.held").count();
        for (int i = 0; i < 3; i++) {
            given().auth().preemptive().basic("guessed", "guess " + i).get("/api/sensors").then().statusCode(401);
        }
        assertThat(registry.counter("hearth.edge.logins.held").count() - heldBefore).as("the free three").isZero();
        assertThat(registry.counter("hearth.edge.logins.failed").count() - failedBefore).isEqualTo(3);
        // After the free three, even the right password waits first; then it clears the streak.
        given().auth().preemptive().basic("guessed", PASSWORD).get("/api/sensors").then().statusCode(200);
        assertThat(registry.counter("hearth.edge.logins.held").count() - heldBefore).isEqualTo(1);
        given().auth().preemptive().basic("guessed", PASSWORD).get("/api/sensors").then().statusCode(200);
        assertThat(registry.counter("hearth.edge.logins.held").count() - heldBefore).isEqualTo(1);
    }

    @Test
    void aWriteFromAnotherSitesPageIsRefusedWhateverItsCredentials() {
        Response basic = as("operator").header("Origin", "https://evil.example").contentType("application/json")
                .body("{\"value\":1}").post("/api/actuators/hall-lamp/commands");
        assertThat(basic.statusCode()).isEqualTo(403);
        assertThat(basic.contentType()).startsWith("application/problem+json");
        given().header("Origin", "https://evil.example").formParam("j_username", OPERATOR).formParam("j_password", PASSWORD)
                .post("/j_security_check").then().statusCode(403);
        // Reads from anywhere are fine (the answer is not readable cross-site without CORS anyway).
        as("viewer").header("Origin", "https://evil.example").get("/api/sensors").then().statusCode(200);
    }

    @Test
    void noPasswordOrTokenReachesTheLog() throws Exception {
        String wrong = "wrong-password-" + System.nanoTime();
        given().auth().preemptive().basic(VIEWER, wrong).get("/api/sensors").then().statusCode(401);
        given().formParam("j_username", VIEWER).formParam("j_password", wrong).post("/j_security_check").then().statusCode(401);
        String token = as("viewer").contentType("application/json").body("{\"name\":\"logged-" + System.nanoTime() + "\"}")
                .post("/api/tokens").then().statusCode(201).extract().path("token");
        bearer(token).get("/api/sensors").then().statusCode(200);
        bearer(token + "x").get("/api/sensors").then().statusCode(401);
        String log = java.nio.file.Files.readString(java.nio.file.Path.of("target/web-edge-test.log"));
        assertThat(log).contains("Failed login").doesNotContain(wrong).doesNotContain(PASSWORD).doesNotContain(ADMIN_PASSWORD)
                .doesNotContain(token.substring(17));
    }

    private String badRequest(String body) {
        Response answer = admin().contentType("application/json").body(body).post("/api/users");
        assertThat(answer.statusCode()).as(body).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        return answer.jsonPath().getString("detail");
    }

    private static final String MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    private static void createUser(String name, String role) {
        admin().contentType("application/json")
                .body("{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\",\"role\":\"" + role + "\"}")
                .post("/api/users").then().statusCode(201);
    }

    private static Response call(RequestSpecification spec, Endpoint e) {
        if (e.body() != null) {
            spec = spec.contentType("application/json").body(e.body());
        }
        return spec.request(e.method(), e.path());
    }

    private static int rank(String role) {
        return List.of("viewer", "operator", "admin").indexOf(role);
    }

    private static RequestSpecification as(String role) {
        return switch (role) {
            case "viewer" -> given().auth().preemptive().basic(VIEWER, PASSWORD);
            case "operator" -> given().auth().preemptive().basic(OPERATOR, PASSWORD);
            default -> admin();
        };
    }

    private static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", ADMIN_PASSWORD);
    }

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }
}
