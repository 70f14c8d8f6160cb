package dev.hearth.gateway.mqtt;

import java.util.Optional;
import java.util.Set;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.GatewayStatus;
import dev.hearth.gateway.config.Declaration;
import dev.hearth.gateway.config.GatewayConfig;
import dev.hearth.transport.MqttReadiness;
import dev.hearth.transport.MqttSession;
import dev.hearth.transport.MqttSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * The gateway's MQTT session ({@code hearth-gateway-{id}}, clean, with {@code offline} as its retained last will):
 * commands in; readings, states, status and manifest out. At every connection the gateway announces itself again
 * (a restarted broker may have lost the retained messages and has published the last will), and it puts back any of
 * its retained topics someone clears. Readiness follows the connection.
 */
@ApplicationScoped
public class GatewayMqtt {

    @Produces
    @Singleton
    MqttSession session(Vertx vertx, MeterRegistry registry, GatewayTopics topics, GatewayConfig config,
            @ConfigProperty(name = "hearth.home") String home, @ConfigProperty(name = "hearth.mqtt.host") String host,
            @ConfigProperty(name = "hearth.mqtt.port") int port, @ConfigProperty(name = "hearth.mqtt.username") Optional<String> username,
            @ConfigProperty(name = "hearth.mqtt.password") Optional<String> password) {
        MqttSettings settings = MqttSettings.of(host, port, home, "hearth-gateway-" + config.id()).withCredentials(username, password)
                .withWill(new MqttSettings.Will(topics.status(), ContractWriter.write(GatewayStatus.OFFLINE), 1, true));
        return new MqttSession(vertx, settings, registry);
    }

    @Produces
    @Readiness
    @Singleton
    HealthCheck readiness(MqttSession session) {
        return new MqttReadiness(session);
    }

    void start(@Observes StartupEvent event, MqttSession session, GatewayTopics topics, CommandIntake commands, GatewayLifecycle lifecycle,
            DiscoveryAnnouncer discovery, Declaration declaration) {
        session.onConnectionChange(up -> {
            if (up) {
                lifecycle.reannounce();
            }
        });
        session.subscribe(topics.commandFilter(), 1, commands::handle);
        topics.ownRetainedFilters(declaration.actuators().keySet()).forEach(filter -> session.subscribe(filter, 1, lifecycle::restoreIfCleared));
        if (discovery.enabled()) {
            Set<String> announced = discovery.topics(lifecycle.manifest());
            session.subscribe(discovery.ownConfigs(), 1, message -> discovery.handle(message, announced));
        }
        session.start();
    }

    /** After the gateway's last words (outputs at failsafe, {@code offline}), which other shutdown observers send. */
    void stop(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event, MqttSession session) {
        session.close();
    }
}
