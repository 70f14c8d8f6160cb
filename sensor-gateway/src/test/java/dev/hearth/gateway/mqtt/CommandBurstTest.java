package dev.hearth.gateway.mqtt;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Command;
import dev.hearth.gateway.hardware.Hardware;
import dev.hearth.local.testing.MqttBrokerResource;
import dev.hearth.local.testing.TestMqttClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** A burst of 20,000 commands as fast as one publisher can send them: the gateway's intake keeps up and goes on. */
@QuarkusTest
@WithTestResource(MqttBrokerResource.class)
class CommandBurstTest {

    private static final String HEATER_SET = "hearth/home/actuators/living-heater/set";

    @ConfigProperty(name = "hearth.mqtt.port")
    int brokerPort;

    @Inject
    Hardware hardware;

    @Test
    void appliesTheCommandSentAfterABurstOfTwentyThousand() {
        // Ready means connected and subscribed (SUBACK): what is published before would not be queued for this service.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
        try (TestMqttClient publisher = new TestMqttClient("127.0.0.1", brokerPort)) {
            for (int i = 0; i < 20_000; i++) {
                publisher.publish(HEATER_SET, command((i % 2 + 1) / 10.0), false);
            }
            publisher.publish(HEATER_SET, command(0.55), false);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> Math.abs(hardware.output("living-heater").current() - 0.55) < 1e-9);
    }

    private static String command(double value) {
        return ContractWriter.write(new Command(UUID.randomUUID().toString(), value, "user:burst", Instant.now(), 600_000L));
    }
}
