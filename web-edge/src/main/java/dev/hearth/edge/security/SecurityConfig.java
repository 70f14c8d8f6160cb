package dev.hearth.edge.security;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code hearth.edge.security.*}: how credentials are hashed and how failed logins are slowed down. */
@ConfigMapping(prefix = "hearth.edge.security")
public interface SecurityConfig {

    /** bcrypt's cost (log2 of its rounds) for new passwords and tokens. */
    @WithDefault("11")
    int bcryptCost();

    /** Failed logins allowed per user name before each further attempt is held back. */
    @WithDefault("3")
    int freeFailures();

    /** The hold-back after the last free failure; it doubles with each further failure. */
    @WithDefault("1s")
    Duration firstDelay();

    /** The longest hold-back. */
    @WithDefault("30s")
    Duration maxDelay();

    /** How long failures are remembered after the last one. */
    @WithDefault("15m")
    Duration forgetAfter();
}
