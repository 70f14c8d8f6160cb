package dev.hearth.gateway.sim;

import java.util.Map;

import dev.hearth.gateway.config.GatewayConfig;
import io.smallrye.config.ConfigMapping;

/**
 * The simulated house's sensors and actuators ({@code hearth.simulated-house.*} in application.properties): the
 * hardware of a gateway on the mock platform that declares none of its own. Apart from {@code hearth.gateway.*} so
 * that a Pi's declaration never inherits them (map entries another file declared cannot be taken away).
 */
@ConfigMapping(prefix = "hearth.simulated-house")
public interface SimulatedHouseDeclaration {

    Map<String, GatewayConfig.Sensor> sensors();

    Map<String, GatewayConfig.Actuator> actuators();
}
