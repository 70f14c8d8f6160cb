package dev.hearth.gateway.safety;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.contract.payload.Cause;
import dev.hearth.gateway.config.GatewayConfig;
import dev.hearth.gateway.mqtt.BrokerConnection;

/**
 * Watches the MQTT connection. Lost for longer than the grace period: every output goes to failsafe, because no
 * controller can reach it any more. Back again: the gateway re-announces itself, since the broker has published its
 * last will ({@code offline}) in between.
 */
@ApplicationScoped
public class BrokerWatchdog {

    private static final Logger LOG = Logger.getLogger(BrokerWatchdog.class);

    private final BrokerConnection broker;
    private final ActuatorService actuators;
    private final Duration grace;
    private Instant lostAt;
    private boolean failedSafe;
    private boolean everConnected;

    public BrokerWatchdog(BrokerConnection broker, ActuatorService actuators, GatewayConfig config) {
        this.broker = broker;
        this.actuators = actuators;
        this.grace = config.brokerGrace();
    }

    /** Called by the {@link SafetyClock}. */
    void check() {
        boolean connected = broker.isUp();
        Instant now = Instant.now();
        if (connected) {
            if (lostAt != null) {
                // GatewayMqtt re-announces the gateway at every connection.
                LOG.infof("Broker reachable again after %d s", Duration.between(lostAt, now).toSeconds());
            }
            lostAt = null;
            failedSafe = false;
            everConnected = true;
        } else if (everConnected) {
            if (lostAt == null) {
                lostAt = now;
                LOG.warnf("Broker unreachable; outputs go to failsafe in %s unless it returns", grace);
            } else if (!failedSafe && Duration.between(lostAt, now).compareTo(grace) >= 0) {
                failedSafe = true;
                LOG.warn("Broker unreachable beyond the grace period: every output to its failsafe value");
                actuators.failsafe(Cause.FAILSAFE, false);
            }
        }
    }
}
