package dev.hearth.control.loop;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The control loops of a home, declared in configuration: {@code hearth.control.loops.<id>.*}. */
@ConfigMapping(prefix = "hearth.control")
public interface LoopsConfig {

    Map<String, Loop> loops();

    interface Loop {
        /** Only {@code pid} in this version; {@code hysteresis} and {@code threshold} are part of the contract to come. */
        @WithDefault("pid")
        String kind();

        String sensor();

        String actuator();

        @WithDefault("auto")
        String mode();

        double setpoint();

        @WithDefault("5")
        double setpointMin();

        @WithDefault("30")
        double setpointMax();

        double kp();

        @WithDefault("0")
        double ki();

        @WithDefault("0")
        double kd();

        @WithDefault("0")
        double outputMin();

        @WithDefault("1")
        double outputMax();

        Optional<Double> manualOutput();

        @WithDefault("5s")
        Duration sample();

        /** No reading for this long and the loop stops commanding; default three sample periods. */
        Optional<Duration> staleAfter();
    }
}
