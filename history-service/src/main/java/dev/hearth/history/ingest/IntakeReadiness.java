package dev.hearth.history.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the MQTT session is up (the datasource reports its own readiness). */
@Readiness
@ApplicationScoped
public class IntakeReadiness implements HealthCheck {

    private final MqttIntake intake;

    public IntakeReadiness(MqttIntake intake) {
        this.intake = intake;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("MQTT intake").status(intake.isConnected()).build();
    }
}
