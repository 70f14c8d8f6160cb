package dev.hearth.history.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import dev.hearth.local.testing.TestMqttClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Downsampled queries over readings that came in over MQTT: tiers, time-weighted means, CSV, and every bad parameter. */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
@WithTestResource(PostgresResource.class)
class HistoryQueryTest {

    /** An hour six days ago: within every tier's retention. */
    private static final Instant HOUR = Instant.now().minus(Duration.ofDays(6)).truncatedTo(ChronoUnit.HOURS);

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    private static boolean published;

    private static RequestSpecification authorized() {
        return given().header("Authorization", "Bearer test-service-token-0123456789");
    }

    /**
     * 10 °C at :00 for 10 minutes, 20 °C from :10 for 30 minutes, 30 °C from :40: the hour's plain average is 20, its
     * time-weighted mean (10*10 + 20*30 + 30*20) / 60 = 21.67.
     */
    @BeforeEach
    void publishOnce() {
        if (published) {
            return;
        }
        try (TestMqttClient mqtt = new TestMqttClient("127.0.0.1", brokerPort)) {
            int seq = 0;
            for (long[] reading : new long[][] {{0, 10}, {10, 20}, {40, 30}}) {
                mqtt.publish("hearth/home/sensors/query-temp", HistoryServiceTest.reading("query-temp", reading[1],
                        HOUR.plus(Duration.ofMinutes(reading[0])), seq++), false);
            }
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> HistoryServiceTest.rowCount("sensors/query-temp") == 3);
        published = true;
    }

    private static JsonPath query(String step) {
        return authorized().queryParam("from", HOUR.toString()).queryParam("to", HOUR.plus(Duration.ofHours(1)).toString())
                .queryParam("step", step).get("/history/sensors/query-temp").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void answersTimeWeightedBucketsFromTheCoarsestTierThatFits() {
        JsonPath hourly = query("PT1H");
        assertThat(hourly.getString("tier")).isEqualTo("hour");
        assertThat(hourly.getString("step")).isEqualTo("PT1H");
        assertThat(hourly.getList("points")).hasSize(1);
        assertThat(hourly.getDouble("points[0].avg")).isCloseTo(1300 / 60.0, within(1e-5));
        assertThat(hourly.getDouble("points[0].min")).isEqualTo(10.0);
        assertThat(hourly.getDouble("points[0].max")).isEqualTo(30.0);
        assertThat(hourly.getDouble("points[0].last")).isEqualTo(30.0);
        assertThat(hourly.getInt("points[0].count")).isEqualTo(3);
        assertThat(hourly.getString("points[0].t")).isEqualTo(HOUR.toString().replace(":00Z", ":00.000Z"));

        JsonPath quarters = query("PT15M");
        assertThat(quarters.getString("tier")).isEqualTo("minute");
        // :00-:15 is 10 for 10 min then 20 for 5; :15-:30 has no reading (left out); :30-:45 carries the 20 in until
        // the 30 at :40.
        assertThat(quarters.getList("points.t", String.class)).hasSize(2);
        assertThat(quarters.getList("points.avg", Double.class).get(0)).isCloseTo((10 * 10 + 20 * 5) / 15.0, within(1e-5));
        assertThat(quarters.getList("points.avg", Double.class).get(1)).isCloseTo((20 * 10 + 30 * 5) / 15.0, within(1e-5));
        assertThat(quarters.getList("points.t", String.class)).allMatch(t -> t.matches(".*T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z"));

        JsonPath raw = query("PT10S");
        assertThat(raw.getString("tier")).isEqualTo("raw");
        assertThat(raw.getList("points.last", Double.class)).containsExactly(10.0, 20.0, 30.0);
    }

    /** A reading in the last millisecond of a bucket stays in it, read from the raw tier and from the minute tier. */
    @Test
    void aReadingInABucketsLastMillisecondIsCountedInThatBucket() {
        try (TestMqttClient mqtt = new TestMqttClient("127.0.0.1", brokerPort)) {
            mqtt.publish("hearth/home/sensors/query-edge", HistoryServiceTest.reading("query-edge", 1, HOUR.plusMillis(59_999), 0), false);
            mqtt.publish("hearth/home/sensors/query-edge", HistoryServiceTest.reading("query-edge", 2, HOUR.plusMillis(60_000), 1), false);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> HistoryServiceTest.rowCount("sensors/query-edge") == 2);
        for (String step : new String[] {"PT30S", "PT1M"}) {
            JsonPath answer = authorized().queryParam("from", HOUR.toString()).queryParam("to", HOUR.plus(Duration.ofMinutes(2)).toString())
                    .queryParam("step", step).get("/history/sensors/query-edge").then().statusCode(200).extract().jsonPath();
            String first = step.equals("PT30S") ? HOUR.plusSeconds(30).toString() : HOUR.toString();
            assertThat(answer.getList("points.t", String.class)).as(step + " from the " + answer.getString("tier") + " tier")
                    .containsExactly(first.replace("Z", ".000Z"), HOUR.plusSeconds(60).toString().replace("Z", ".000Z"));
            assertThat(answer.getList("points.last", Double.class)).containsExactly(1.0, 2.0);
        }
    }

    /**
     * A time finer than a millisecond cannot come over MQTT (the contract writes three fraction digits) but can be in
     * the table (an import, a hand-made fix): floored to its millisecond, as the rollups floor it, it stays in its
     * bucket; rounded, 59.9996 s would become the next minute's first millisecond.
     */
    @Test
    void aTimeFinerThanAMillisecondIsFlooredNotRounded() throws Exception {
        try (java.sql.Connection c = PostgresResource.database().connect();
                java.sql.PreparedStatement known = c.prepareStatement("insert into series (series, first_seen) values ('sensors/query-fine', now())");
                java.sql.PreparedStatement point = c.prepareStatement(
                        "insert into series_point (series, ts, value) values ('sensors/query-fine', ?::timestamptz, 7)")) {
            known.executeUpdate();
            point.setString(1, HOUR.plusNanos(59_999_600_000L).toString());
            point.executeUpdate();
        }
        JsonPath answer = authorized().queryParam("from", HOUR.toString()).queryParam("to", HOUR.plus(Duration.ofMinutes(2)).toString())
                .queryParam("step", "PT30S").get("/history/sensors/query-fine").then().statusCode(200).extract().jsonPath();
        assertThat(answer.getString("tier")).isEqualTo("raw");
        assertThat(answer.getList("points.t", String.class)).containsExactly(HOUR.plusSeconds(30).toString().replace("Z", ".000Z"));
    }

    @Test
    void withoutAStepAnswersAboutAThousandPointsAtMost() {
        JsonPath day = authorized().queryParam("from", HOUR.minus(Duration.ofHours(12)).toString())
                .queryParam("to", HOUR.plus(Duration.ofHours(12)).toString()).get("/history/sensors/query-temp")
                .then().statusCode(200).extract().jsonPath();
        assertThat(day.getString("step")).isEqualTo("PT2M");
        assertThat(day.getString("tier")).isEqualTo("minute");
        assertThat(day.getList("points.count", Integer.class)).containsExactly(1, 1, 1);
    }

    @Test
    void answersCsvWhenAskedWithTheFiguresAskedFor() {
        String csv = authorized().accept("text/csv").queryParam("from", HOUR.toString())
                .queryParam("to", HOUR.plus(Duration.ofHours(1)).toString()).queryParam("step", "PT1H").queryParam("agg", "max,avg")
                .get("/history/sensors/query-temp").then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("t,avg,max");
        assertThat(lines.get(1)).startsWith(HOUR.toString().replace(":00Z", ":00.000Z") + ",21.66").endsWith(",30.0");

        JsonPath json = authorized().queryParam("from", HOUR.toString()).queryParam("to", HOUR.plus(Duration.ofHours(1)).toString())
                .queryParam("agg", "count").queryParam("step", "PT1H").get("/history/sensors/query-temp").then().statusCode(200)
                .extract().jsonPath();
        assertThat(json.getMap("points[0]")).containsOnlyKeys("t", "count");

        // Accept weighed with its q-values: what web-edge hands on as its caller sent it.
        authorized().accept("text/csv, application/json;q=0.1").queryParam("from", HOUR.toString()).queryParam("step", "PT1H")
                .get("/history/sensors/query-temp").then().statusCode(200).contentType(containsString("text/csv"));
        authorized().accept("application/json;q=0.9, text/csv;q=0.2").queryParam("from", HOUR.toString()).queryParam("step", "PT1H")
                .get("/history/sensors/query-temp").then().statusCode(200).contentType(containsString("application/json"));
        authorized().accept("*/*").queryParam("from", HOUR.toString()).queryParam("step", "PT1H")
                .get("/history/sensors/query-temp").then().statusCode(200).contentType(containsString("application/json"));
    }

    @Test
    void answersEveryBadParameterWithAProblemNeverA500() {
        String series = "/history/sensors/query-temp";
        bad(authorized().queryParam("from", "2026-11-25T08:00:00Z").queryParam("to", "2026-11-25T07:00:00Z"), series, 400, "must be before");
        bad(authorized().queryParam("from", "2026-11-25T08:00:00Z").queryParam("to", "2026-11-25T08:00:00Z"), series, 400, "must be before");
        bad(authorized().queryParam("from", "last tuesday"), series, 400, "'from'");
        bad(authorized().queryParam("to", "2026-13-01T00:00:00Z"), series, 400, "'to'");
        bad(authorized().queryParam("from", "-5000-01-01T00:00:00Z"), series, 400, "'from'");
        bad(authorized().queryParam("step", "1h"), series, 400, "ISO-8601 duration");
        bad(authorized().queryParam("step", "PT0S"), series, 400, "from PT1S to P366D");
        bad(authorized().queryParam("step", "P1000000D"), series, 400, "from PT1S to P366D");
        bad(authorized().queryParam("from", "2000-01-01T00:00:00Z").queryParam("to", "2000-01-05T00:00:00Z").queryParam("step", "P2D"),
                series, 400, "widens");
        bad(authorized().queryParam("step", "PT1S").queryParam("from", "2026-01-01T00:00:00Z").queryParam("to", "2026-02-01T00:00:00Z"),
                series, 400, "at most 10000");
        bad(authorized().queryParam("agg", "median"), series, 400, "'median'");
        bad(authorized(), "/history/sensors/never-stored", 404, "Nothing was ever stored");
        bad(authorized(), "/history/sensors/Not_An_Id", 400, "not an id");
        bad(authorized(), "/history/doors/query-temp", 404, "sensors or actuators");
        bad(authorized(), "/history/nowhere", 404, "");
        authorized().post(series).then().statusCode(405).contentType("application/problem+json").body("status", is(405));
    }

    private static void bad(RequestSpecification request, String path, int status, String detail) {
        request.get(path).then().statusCode(status).contentType("application/problem+json").body("status", is(status))
                .body("detail", containsString(detail));
    }
}
