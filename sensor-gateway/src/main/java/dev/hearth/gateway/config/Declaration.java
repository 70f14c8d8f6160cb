package dev.hearth.gateway.config;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import dev.hearth.gateway.hardware.HardwareConfig;
import dev.hearth.gateway.sim.SimulatedHouseDeclaration;

/**
 * The sensors and actuators this gateway drives: those declared under {@code hearth.gateway.sensors/actuators}, or, on
 * the mock platform when none are, the simulated house's. Everything that needs the hardware list asks this.
 */
@Singleton
public final class Declaration {

    private final Map<String, GatewayConfig.Sensor> sensors;
    private final Map<String, GatewayConfig.Actuator> actuators;
    private final boolean simulatedHouse;

    @Inject
    public Declaration(GatewayConfig gateway, HardwareConfig hardware, SimulatedHouseDeclaration house) {
        boolean own = !gateway.sensors().isEmpty() || !gateway.actuators().isEmpty();
        this.simulatedHouse = !own && "mock".equals(hardware.platform());
        this.sensors = simulatedHouse ? house.sensors() : gateway.sensors();
        this.actuators = simulatedHouse ? house.actuators() : gateway.actuators();
    }

    public Map<String, GatewayConfig.Sensor> sensors() {
        return sensors;
    }

    public Map<String, GatewayConfig.Actuator> actuators() {
        return actuators;
    }

    /** Whether this is the simulated house (the mock platform with no hardware of its own declared). */
    public boolean simulatedHouse() {
        return simulatedHouse;
    }
}
