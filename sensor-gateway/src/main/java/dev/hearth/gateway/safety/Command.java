package dev.hearth.gateway.safety;

import java.time.Instant;

/** A validated request to change an output, as the contract's Command payload carries it. */
public record Command(String id, double value, String source, Instant ts, Long ttlMs) {

    /** When the command's time to live runs out, or {@code null} when it holds until replaced. */
    public Instant expiresAt() {
        return ttlMs == null ? null : ts.plusMillis(ttlMs);
    }
}
