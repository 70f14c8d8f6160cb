package dev.hearth.contract.payload;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A request to change an output, on {@code hearth/{home}/actuators/{actuator}/set}. {@code source} is
 * {@code loop:<id>} or {@code user:<name>}; {@code ttlMs} is optional (null: the value holds until the next command).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Command(String id, double value, String source, Instant ts, Long ttlMs) {

    /** When the command stops holding the output, or null when it has no time to live. */
    public Instant expiresAt() {
        return ttlMs == null ? null : ts.plusMillis(ttlMs);
    }
}
