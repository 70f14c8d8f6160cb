package dev.hearth.history.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hearth.contract.Times;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import dev.hearth.local.testing.Rejections;
import dev.hearth.local.testing.TestMqttClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;

/** history-service with a real broker and a real PostgreSQL: MQTT in, rows and REST out. */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
@WithTestResource(PostgresResource.class)
class HistoryServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    TestMqttClient mqtt;

    @BeforeEach
    void connect() {
        mqtt = new TestMqttClient("127.0.0.1", brokerPort);
    }

    @AfterEach
    void disconnect() {
        mqtt.close();
    }

    /** What web-edge sends: the service token of the test profile. */
    private static io.restassured.specification.RequestSpecification authorized() {
        return given().header("Authorization", "Bearer test-service-token-0123456789");
    }

    @Test
    void answersOnlyTheHolderOfTheServiceToken() {
        given().get("/history/sensors/x").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer test-service-token-012345678X").get("/history/sensors/x").then().statusCode(401);
        given().header("Authorization", "Basic YWRtaW46YWRtaW4=").get("/history/sensors/x").then().statusCode(401);
        // Past the token check: a series never stored is a 404.
        authorized().get("/history/sensors/x").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void storesReadingsOncePerSeriesAndInstantAndServesThem() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        for (int i = 0; i < 5; i++) {
            mqtt.publish("hearth/home/sensors/store-temp", reading("store-temp", 20 + i, t0.plusSeconds(i), i), true);
        }
        // Delivered twice (a broker redelivery, a replay): stored once.
        mqtt.publish("hearth/home/sensors/store-temp", reading("store-temp", 99, t0.plusSeconds(2), 2), false);

        await().atMost(WAIT).until(() -> rowCount("sensors/store-temp") == 5);
        assertThat(values("sensors/store-temp")).containsExactly(20.0, 21.0, 22.0, 23.0, 24.0);

        JsonPath body = authorized().queryParam("from", t0.minusSeconds(1).toString()).queryParam("to", t0.plusSeconds(10).toString())
                .queryParam("step", "PT1S").get("/history/sensors/store-temp").then().statusCode(200).extract().jsonPath();
        assertThat(body.getString("series")).isEqualTo("sensors/store-temp");
        assertThat(body.getString("tier")).isEqualTo("raw");
        assertThat(body.getList("points.last", Double.class)).containsExactly(20.0, 21.0, 22.0, 23.0, 24.0);
        assertThat(body.getList("points.count", Integer.class)).containsExactly(1, 1, 1, 1, 1);
        // Times as the contract writes them: exactly three fraction digits, also on a whole second.
        assertThat(body.getList("points.t", String.class)).allMatch(t -> t.matches(".*:\\d{2}\\.\\d{3}Z"));
        assertThat(body.getList("points.t", String.class).get(0)).isEqualTo(Times.format(t0));

        // [from, to): the point at `to` is left out.
        authorized().queryParam("from", t0.toString()).queryParam("to", t0.plusSeconds(2).toString()).queryParam("step", "PT1S")
                .get("/history/sensors/store-temp").then().statusCode(200).body("points.size()", is(2));
    }

    @Test
    void storesActuatorStates() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        mqtt.publish("hearth/home/actuators/store-heater/state", new JsonObject().put("actuator", "store-heater").put("value", 0.4)
                .put("unit", "ratio").put("ts", Times.format(t)).put("cause", "command").put("command", "c").put("source", "s").encode(), true);
        await().atMost(WAIT).until(() -> rowCount("actuators/store-heater") == 1);
        authorized().get("/history/actuators/store-heater").then().statusCode(200).body("points[0].last", is(0.4f));
    }

    @Test
    void rejectsMalformedPayloadsAndKeepsEveryGoodOne() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Map<String, Double> before = Rejections.byReason(registry, "reading");
        mqtt.publish("hearth/home/sensors/bad-temp", "not json", false);
        mqtt.publish("hearth/home/sensors/bad-temp", "{\"sensor\":\"bad-temp\",\"value\":\"NaN\",\"ts\":\"" + t + "\"}", false);
        mqtt.publish("hearth/home/sensors/bad-temp", reading("someone-else", 1, t, 0), false);
        // A time PostgreSQL cannot store: before the contract's time window it was retried for ever, holding every
        // later reading behind it.
        mqtt.publish("hearth/home/sensors/bad-temp", reading("bad-temp", 1, t, 0).replace(Times.format(t), "-5000-01-01T00:00:00Z"), false);
        // Older than the raw tier keeps: its minute and hour could not be computed again with it.
        mqtt.publish("hearth/home/sensors/bad-temp", reading("bad-temp", 3, t.minus(Duration.ofDays(31)), 0), false);
        mqtt.publish("hearth/home/sensors/bad-temp", reading("bad-temp", 7.5, t, 1), false);
        await().atMost(WAIT).until(() -> rowCount("sensors/bad-temp") == 1);
        assertThat(values("sensors/bad-temp")).containsExactly(7.5);
        await().atMost(WAIT).untilAsserted(() -> assertThat(Rejections.delta(before, Rejections.byReason(registry, "reading")))
                .isEqualTo(Map.of("not-json", 1.0, "missing-field", 1.0, "topic-mismatch", 1.0, "bad-time", 1.0,
                        "older-than-retention", 1.0)));
    }

    @Test
    void answersBadQueriesWithProblemDetails() {
        authorized().queryParam("from", "yesterday").get("/history/sensors/x").then().statusCode(400)
                .contentType("application/problem+json").body("status", is(400)).body("detail", containsString("'from'"));
        authorized().queryParam("from", "2026-11-25T08:00:00Z").queryParam("to", "2026-11-25T07:00:00Z").get("/history/sensors/x")
                .then().statusCode(400).body("detail", containsString("must be before"));
        authorized().get("/history/sensors/Not_An_Id").then().statusCode(400).body("detail", containsString("not an id"));
        authorized().get("/history/lamps/x").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void isReadyWithItsBrokerAndDatabase() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200).body("status", is("UP")));
    }

    static String reading(String sensor, double value, Instant ts, long seq) {
        return new JsonObject().put("sensor", sensor).put("quantity", "temperature").put("value", value).put("unit", "°C")
                .put("ts", Times.format(ts)).put("seq", seq).encode();
    }

    static int rowCount(String series) throws Exception {
        return values(series).size();
    }

    private static List<Double> values(String series) throws Exception {
        try (Connection c = PostgresResource.database().connect();
                PreparedStatement q = c.prepareStatement("select value from series_point where series = ? order by ts")) {
            q.setString(1, series);
            try (ResultSet rs = q.executeQuery()) {
                java.util.ArrayList<Double> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getDouble(1));
                }
                return out;
            }
        }
    }
}
