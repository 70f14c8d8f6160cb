package dev.hearth.history.store;

import java.time.Duration;
import java.util.Optional;

import dev.hearth.history.rollup.Tier;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long each tier keeps its data (ISO-8601 durations); enforced by dropping whole partitions. */
@ConfigMapping(prefix = "hearth.history.retention")
public interface RetentionConfig {

    /** Every reading. */
    @WithDefault("P30D")
    Duration raw();

    /** 1-minute buckets. */
    @WithDefault("P365D")
    Duration minute();

    /** 1-hour buckets; unset: kept for ever. */
    Optional<Duration> hour();

    /**
     * How often partitions are created ahead and expired ones dropped (also once at start). Read by the
     * {@code @Scheduled} expression of {@link PartitionMaintenance}; declared here so the property is validated.
     */
    @WithDefault("1h")
    Duration checkInterval();

    default Optional<Duration> of(Tier tier) {
        return switch (tier) {
            case RAW -> Optional.of(raw());
            case MINUTE -> Optional.of(minute());
            case HOUR -> hour();
        };
    }
}
