package dev.hearth.gateway.spool;

import java.time.Duration;

import io.smallrye.config.WithDefault;

/** {@code hearth.gateway.spool.*}: where readings wait for the broker's acknowledgement, and for how long at most. */
public interface SpoolConfig {

    /** The directory (HEARTH_GATEWAY_SPOOL_DIR), kept across gateway restarts. */
    @WithDefault("hearth-spool")
    String dir();

    /** The spool's bound on disk; beyond it the oldest readings are dropped and counted. 64 MB hold weeks of a house. */
    @WithDefault("64M")
    io.quarkus.runtime.configuration.MemorySize maxBytes();

    /** Readings older than this are dropped and counted, so a gateway offline for months does not replay stale data. */
    @WithDefault("30d")
    Duration maxAge();

    /**
     * How often appended readings are forced to the storage device ({@code fsync}); {@code 0s} forces every reading.
     * A power cut loses at most this much of what was sampled and not yet acknowledged by the broker.
     */
    @WithDefault("1s")
    Duration fsyncEvery();

    /** How many readings may await the broker's PUBACK at once. */
    @WithDefault("64")
    int inFlight();
}
