package dev.hearth.control.loop;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The control loops of a home as first configured ({@code hearth.control.loops.<id>.*}), and how control-service
 * runs them. Changes made at run time (on {@code loops/{id}/config/set}) are kept in {@code data-dir} and win over
 * this file from then on; a loop added here later is still picked up.
 */
@ConfigMapping(prefix = "hearth.control")
public interface LoopsConfig {

    Map<String, Loop> loops();

    /** Where control-service keeps the loops changed at run time ({@code loops.json}). */
    @WithDefault("hearth-control")
    String dataDir();

    /** How far a sensor's clock may be ahead or behind this service's and its readings still count as fresh. */
    @WithDefault("5s")
    Duration clockSkew();

    /** An autotune that has not found a steady oscillation by then fails, and the loop returns to its mode. */
    @WithDefault("3h")
    Duration autotuneTimeout();

    interface Loop {
        /** {@code pid}, {@code hysteresis} or {@code threshold}. */
        @WithDefault("pid")
        String kind();

        String sensor();

        String actuator();

        /** {@code auto}, {@code manual}, {@code off} or {@code autotune}. */
        @WithDefault("auto")
        String mode();

        double setpoint();

        Optional<Double> setpointMin();

        Optional<Double> setpointMax();

        Optional<Double> kp();

        Optional<Double> ki();

        Optional<Double> kd();

        @WithDefault("0")
        double outputMin();

        @WithDefault("1")
        double outputMax();

        Optional<Double> manualOutput();

        @WithDefault("5s")
        Duration sample();

        /** hysteresis: on below setpoint − cold-tolerance. */
        Optional<Double> coldTolerance();

        /** hysteresis: off above setpoint + hot-tolerance. */
        Optional<Double> hotTolerance();

        /** hysteresis, and pid on a relay: never switch again sooner than this. */
        Optional<Duration> minCycle();

        /** threshold: stay on at least this long after the input rose above the setpoint. */
        Optional<Duration> hold();

        /** pid on a relay: the period of its time-proportioned output (default ten sample periods). */
        Optional<Duration> cycle();

        /** No reading this recent and the loop stops commanding; default three of the sensor's intervals. */
        Optional<Duration> staleAfter();
    }
}
