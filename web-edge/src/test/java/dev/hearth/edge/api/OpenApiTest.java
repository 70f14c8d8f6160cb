package dev.hearth.edge.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;

/** The OpenAPI document is complete enough to generate a working client from. */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
@WithTestResource(PostgresResource.class)
class OpenApiTest {

    @Test
    void everyApiOperationHasAnIdASummaryTheSecuritySchemesAndItsProblemAnswers() {
        JsonObject doc = new JsonObject(given().auth().preemptive().basic("admin", "test-admin-password")
                .queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().asString());

        JsonObject schemes = doc.getJsonObject("components").getJsonObject("securitySchemes");
        assertThat(schemes.getJsonObject("bearer").getString("scheme")).isEqualTo("bearer");
        assertThat(schemes.getJsonObject("basic").getString("scheme")).isEqualTo("basic");
        assertThat(schemes.getJsonObject("session").getString("in")).isEqualTo("cookie");
        assertThat(schemes.fieldNames()).containsExactlyInAnyOrder("bearer", "basic", "session");
        assertThat(doc.getJsonArray("security").stream().map(o -> ((JsonObject) o).fieldNames().iterator().next()))
                .containsExactlyInAnyOrder("bearer", "basic", "session");
        assertThat(doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("Problem")).isNotNull();
        // The closed sets as the API reads and writes them: the contract's codes, not the Java constants' names.
        JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
        assertThat(schemas.getJsonObject("LoopMode").getJsonArray("enum").getList()).containsExactly("auto", "manual", "off", "autotune");
        assertThat(schemas.getJsonObject("LoopState").getJsonArray("enum").getList()).contains("stale-input");
        for (String name : schemas.fieldNames()) {
            JsonObject schema = schemas.getJsonObject(name);
            if (schema.containsKey("enum")) {
                assertThat(schema.getJsonArray("enum").getList()).as(name).allSatisfy(v -> assertThat(String.valueOf(v)).matches("[a-z0-9-]+"));
            }
        }

        SoftAssertions softly = new SoftAssertions();
        Set<String> ids = new HashSet<>();
        int operations = 0;
        for (Map.Entry<String, Object> path : doc.getJsonObject("paths")) {
            if (!path.getKey().startsWith("/api")) {
                continue;
            }
            for (Map.Entry<String, Object> op : (JsonObject) path.getValue()) {
                if (!List.of("get", "post", "put", "patch", "delete").contains(op.getKey())) {
                    continue;
                }
                operations++;
                JsonObject operation = (JsonObject) op.getValue();
                String where = op.getKey() + " " + path.getKey();
                softly.assertThat(operation.getString("operationId")).as(where).isNotBlank();
                softly.assertThat(ids.add(String.valueOf(operation.getString("operationId")))).as("unique id " + where).isTrue();
                softly.assertThat(operation.getString("summary")).as(where).isNotBlank();
                JsonObject responses = operation.getJsonObject("responses");
                softly.assertThat(responses.fieldNames()).as(where).contains("401", "403", "500")
                        .anyMatch(code -> code.startsWith("2"));
                for (String code : List.of("401", "403")) {
                    JsonObject problem = responses.getJsonObject(code, new JsonObject()).getJsonObject("content", new JsonObject())
                            .getJsonObject("application/problem+json", new JsonObject()).getJsonObject("schema", new JsonObject());
                    softly.assertThat(problem.getString("$ref")).as(where + " " + code).isEqualTo("#/components/schemas/Problem");
                }
                if (operation.containsKey("requestBody")) {
                    softly.assertThat(responses.fieldNames()).as(where).contains("400", "415");
                    softly.assertThat(operation.getJsonObject("requestBody").getJsonObject("content")
                            .getJsonObject("application/json").getJsonObject("schema").encode())
                            .as(where + " body is typed").doesNotContain("\"type\":\"string\"}");
                }
                if (path.getKey().contains("{")) {
                    softly.assertThat(responses.fieldNames()).as(where).contains("404");
                }
            }
        }
        softly.assertAll();
        assertThat(operations).isGreaterThanOrEqualTo(17);
        assertThat(ids).contains("createUser", "createToken", "commandActuator", "changeLoop", "getHistory");
    }

    @Test
    void swaggerUiIsServedToUsers() {
        given().get("/q/swagger-ui/").then().statusCode(401);
        given().auth().preemptive().basic("admin", "test-admin-password").get("/q/swagger-ui/").then().statusCode(200);
    }
}
