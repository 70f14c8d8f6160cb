package dev.hearth.edge.state;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

import dev.hearth.contract.topic.HomeTopics;
import dev.hearth.transport.MqttReadiness;
import dev.hearth.transport.MqttSession;
import dev.hearth.transport.MqttSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * web-edge's MQTT session: a clean session with a client id of its own per instance (several web-edges may run), all
 * of the home in ({@code hearth/{home}/#}, retained values first), people's commands out. Readiness follows the
 * connection.
 */
@ApplicationScoped
public class EdgeMqtt {

    @Produces
    @Singleton
    MqttSession session(Vertx vertx, MeterRegistry registry, @ConfigProperty(name = "hearth.home") String home,
            @ConfigProperty(name = "hearth.mqtt.host") String host, @ConfigProperty(name = "hearth.mqtt.port") int port,
            @ConfigProperty(name = "hearth.mqtt.username") Optional<String> username,
            @ConfigProperty(name = "hearth.mqtt.password") Optional<String> password) {
        String clientId = "hearth-edge-" + home + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new MqttSession(vertx, MqttSettings.of(host, port, home, clientId).withCredentials(username, password), registry);
    }

    @Produces
    @Readiness
    @Singleton
    HealthCheck readiness(MqttSession session) {
        return new MqttReadiness(session);
    }

    void start(@Observes StartupEvent event, MqttSession session, StateIntake intake, @ConfigProperty(name = "hearth.home") String home) {
        session.subscribe(new HomeTopics(home).everything(), 1, intake::handle).start();
    }

    void stop(@Observes ShutdownEvent event, MqttSession session) {
        session.close();
    }
}
