package dev.hearth.gateway.mqtt;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;

/** Whether the gateway's MQTT connection is up, as the messaging connector's readiness says. */
@ApplicationScoped
public class BrokerConnection {

    static final String CHANNEL = "gateway-out";

    private final HealthCenter health;

    public BrokerConnection(HealthCenter health) {
        this.health = health;
    }

    public boolean isUp() {
        HealthReport readiness = health.getReadiness();
        boolean present = false;
        for (HealthReport.ChannelInfo channel : readiness.getChannels()) {
            if (CHANNEL.equals(channel.getChannel())) {
                present = true;
                if (!channel.isOk()) {
                    return false;
                }
            }
        }
        return present;
    }
}
