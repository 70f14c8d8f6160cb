package dev.hearth.gateway.hardware;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which Pi4J platform drives the pins, and the simulated house that stands in for the room off a Pi. */
@ConfigMapping(prefix = "hearth.hardware")
public interface HardwareConfig {

    /** {@code mock}: Pi4J's mock platform with the simulated house. Real Pi platforms arrive with the Pi drivers. */
    @WithDefault("mock")
    String platform();

    Simulation simulation();

    interface Simulation {
        @WithDefault("42")
        long seed();

        @WithDefault("17.0")
        double startCelsius();

        /** The actuator whose output heats the simulated room. */
        @WithDefault("living-heater")
        String heater();
    }
}
