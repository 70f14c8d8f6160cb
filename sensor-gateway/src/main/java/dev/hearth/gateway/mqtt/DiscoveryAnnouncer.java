package dev.hearth.gateway.mqtt;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.hearth.contract.payload.Manifest;
import dev.hearth.contract.topic.HomeAssistantTopics;
import dev.hearth.gateway.config.GatewayConfig;
import dev.hearth.gateway.discovery.HomeAssistantDiscovery;
import dev.hearth.transport.IncomingMessage;
import dev.hearth.transport.MqttSession;

/**
 * Announces the gateway to Home Assistant at every connection (retained discovery configs, see
 * {@link HomeAssistantDiscovery}), and takes back what it no longer has: it subscribes to its own discovery topics,
 * and a retained config for a sensor or actuator no longer in the configuration gets an empty retained payload, which
 * removes the entity from Home Assistant. Off with {@code hearth.gateway.home-assistant-discovery=false}.
 */
@ApplicationScoped
public class DiscoveryAnnouncer {

    private static final Logger LOG = Logger.getLogger(DiscoveryAnnouncer.class);
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final MqttSession session;
    private final GatewayConfig config;
    private final HomeAssistantDiscovery discovery;

    public DiscoveryAnnouncer(MqttSession session, GatewayConfig config, @ConfigProperty(name = "hearth.home") String home) {
        this.session = session;
        this.config = config;
        this.discovery = new HomeAssistantDiscovery(home);
    }

    public boolean enabled() {
        return config.homeAssistantDiscovery();
    }

    /** The subscription that finds stale configs: everything this gateway ever announced. */
    public String ownConfigs() {
        return HomeAssistantTopics.allOf(config.id());
    }

    /** The discovery topics a manifest announces (the configuration does not change while the gateway runs). */
    public Set<String> topics(Manifest manifest) {
        return discovery.announce(manifest).stream().map(HomeAssistantDiscovery.Announcement::topic)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public void announce(Manifest manifest) {
        if (!enabled()) {
            return;
        }
        discovery.announce(manifest).forEach(a -> session.publish(a.topic(), a.payload(), 1, true).exceptionally(failure -> {
            LOG.debugf("Discovery config not delivered to %s: %s", a.topic(), failure.getMessage());
            return null;
        }));
    }

    /**
     * A config on one of this gateway's discovery topics; one that {@code current} does not announce is cleared. By
     * topic, not object: an object whose kind changed (a relay now PWM) leaves its old component's config behind.
     */
    public CompletionStage<Void> handle(IncomingMessage message, Set<String> announced) {
        if (message.payload() == null || message.payload().length == 0) {
            return DONE;
        }
        return HomeAssistantTopics.parse(message.topic())
                .filter(d -> d.gateway().equals(config.id()) && !announced.contains(message.topic()))
                .<CompletionStage<Void>>map(d -> {
                    LOG.infof("Removing Home Assistant's %s %s: no longer in this gateway's configuration", d.component(), d.object());
                    return session.publish(message.topic(), "", 1, true).exceptionally(failure -> null);
                })
                .orElse(DONE);
    }
}
