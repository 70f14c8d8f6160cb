package dev.hearth.control.mqtt;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

import dev.hearth.contract.topic.TopicKind;
import dev.hearth.control.loop.LoopRunner;
import dev.hearth.transport.MqttReadiness;
import dev.hearth.transport.MqttSession;
import dev.hearth.transport.MqttSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * control-service's MQTT session ({@code hearth-control-{home}}, clean): manifests, readings and loop changes in;
 * commands, loop configs, change results, status and autotune reports out. Readiness follows the connection.
 */
@ApplicationScoped
public class ControlMqtt {

    @Produces
    @Singleton
    MqttSession session(Vertx vertx, MeterRegistry registry, @ConfigProperty(name = "hearth.home") String home,
            @ConfigProperty(name = "hearth.mqtt.host") String host, @ConfigProperty(name = "hearth.mqtt.port") int port,
            @ConfigProperty(name = "hearth.mqtt.username") Optional<String> username,
            @ConfigProperty(name = "hearth.mqtt.password") Optional<String> password) {
        return new MqttSession(vertx, MqttSettings.of(host, port, home, "hearth-control-" + home).withCredentials(username, password), registry);
    }

    @Produces
    @Readiness
    @Singleton
    HealthCheck readiness(MqttSession session) {
        return new MqttReadiness(session);
    }

    void start(@Observes StartupEvent event, MqttSession session, ControlTopics topics, ReadingIntake readings, ConfigIntake changes,
            ManifestIntake manifests, LoopRunner loops) {
        session.onConnectionChange(up -> {
            if (up) {
                loops.publishConfigs();
            }
        });
        session.subscribe(topics.all(TopicKind.MANIFEST), 1, manifests::handle)
                .subscribe(topics.all(TopicKind.READING), 1, readings::handle)
                .subscribe(topics.all(TopicKind.LOOP_CONFIG_SET), 1, changes::handle)
                .start();
    }

    void stop(@Observes ShutdownEvent event, MqttSession session) {
        session.close();
    }
}
