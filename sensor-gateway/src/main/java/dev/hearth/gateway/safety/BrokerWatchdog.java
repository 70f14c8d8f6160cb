package dev.hearth.gateway.safety;

import java.time.Duration;

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
    /** When the loss was noticed, on the monotonic clock (System.nanoTime): a Pi's clock jumps when NTP first sets it. */
    private Long lostAtNanos;
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
        long now = System.nanoTime();
        if (connected) {
            if (lostAtNanos != null) {
                // GatewayMqtt re-announces the gateway at every connection.
                LOG.infof("Broker reachable again after %d s", Duration.ofNanos(now - lostAtNanos).toSeconds());
            }
            lostAtNanos = null;
            failedSafe = false;
            everConnected = true;
        } else if (everConnected) {
            if (lostAtNanos == null) {
                lostAtNanos = now;
                LOG.warnf("Broker unreachable; outputs go to failsafe in %s unless it returns", grace);
            } else if (!failedSafe && Duration.ofNanos(now - lostAtNanos).compareTo(grace) >= 0) {
                failedSafe = true;
                LOG.warn("Broker unreachable beyond the grace period: every output to its failsafe value");
                actuators.failsafe(Cause.FAILSAFE, false);
            }
        }
    }
}
