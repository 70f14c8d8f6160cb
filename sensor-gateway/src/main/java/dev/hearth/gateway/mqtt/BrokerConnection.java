package dev.hearth.gateway.mqtt;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.transport.MqttSession;

/** Whether the gateway's MQTT session is connected; the watchdog and the spool ask. */
@ApplicationScoped
public class BrokerConnection {

    private final MqttSession session;

    public BrokerConnection(MqttSession session) {
        this.session = session;
    }

    public boolean isUp() {
        return session.isConnected();
    }
}
