package dev.hearth.history.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Readiness means "my broker and my database are reachable": it must drop when PostgreSQL goes away. */
@QuarkusTest
@WithTestResource(value = MqttBrokerResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class HistoryReadinessTest {

    @Test
    void isNotReadyWithoutItsDatabase() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        PostgresResource.stopDatabase();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(503));
        // Alive all the same: a database outage is no reason to restart the service.
        given().get("/q/health/live").then().statusCode(200);
    }
}
