package dev.hearth.transport;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** Readiness that follows the session's connection: a service without its broker can neither hear nor say anything. */
public final class MqttReadiness implements HealthCheck {

    private final MqttSession session;

    public MqttReadiness(MqttSession session) {
        this.session = session;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("mqtt").status(session.isConnected()).withData("broker", session.broker())
                .withData("clientId", session.clientId()).build();
    }
}
