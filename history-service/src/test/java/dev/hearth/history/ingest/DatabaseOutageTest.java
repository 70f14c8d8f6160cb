package dev.hearth.history.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import dev.hearth.local.testing.TestMqttClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * PostgreSQL goes away under a running history-service: readiness drops, and a reading the broker accepted meanwhile
 * is stored once the database is back, because it is acknowledged only after its row is committed. Meanwhile the
 * waiting gauge shows how long it has waited.
 */
@QuarkusTest
@WithTestResource(value = MqttBrokerResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class DatabaseOutageTest {

    private static final java.time.Instant T0 = java.time.Instant.now().minus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @Inject
    MeterRegistry metrics;

    @Test
    void keepsAReadingThroughADatabaseOutage() throws Exception {
        // Ready once its MQTT session is up, which the start does not wait for.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200)
                .body("status", is("UP")));

        PostgresResource.stopDatabase();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503));
        given().get("/q/health/live").then().statusCode(200); // an outage is no reason to restart the service

        try (TestMqttClient mqtt = new TestMqttClient("127.0.0.1", brokerPort)) {
            mqtt.publish("hearth/home/sensors/cellar-temp", "{\"sensor\":\"cellar-temp\",\"quantity\":\"temperature\",\"value\":11.5,"
                    + "\"unit\":\"°C\",\"ts\":\"" + dev.hearth.contract.Times.format(T0) + "\",\"seq\":1}", false);
            mqtt.publish("hearth/home/sensors/cellar-temp", "{\"sensor\":\"cellar-temp\",\"quantity\":\"temperature\",\"value\":11.6,"
                    + "\"unit\":\"°C\",\"ts\":\"" + dev.hearth.contract.Times.format(T0.plusSeconds(5)) + "\",\"seq\":2}", false);
        }
        // Several failed attempts while the database is down, and someone watching the service can see it.
        await().atMost(Duration.ofSeconds(20)).until(() -> waitingSeconds() >= 1.5);

        PostgresResource.startDatabaseAgain();
        await().atMost(Duration.ofSeconds(30)).until(() -> values() == 2);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        assertThat(values()).isEqualTo(2);
        // Back to nothing waiting once the lane has taken note of the commit (on its event loop, just after it).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(waitingSeconds()).as("nothing waits once both are stored").isZero());
    }

    private double waitingSeconds() {
        return metrics.get("hearth.history.ingest.waiting.seconds").gauge().value();
    }

    private static int values() throws Exception {
        try (Connection c = PostgresResource.database().connect();
                PreparedStatement q = c.prepareStatement("select count(*) from series_point where series = 'sensors/cellar-temp'")) {
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
