package dev.hearth.contract.payload;

import java.time.Instant;

/** One measurement as sampled, on {@code hearth/{home}/sensors/{sensor}}. {@code (sensor, ts)} identifies it. */
public record Reading(String sensor, Quantity quantity, double value, String unit, Instant ts, long seq) {
}
