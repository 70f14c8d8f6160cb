package dev.hearth.contract.payload;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One loop tick, on {@code hearth/{home}/loops/{loop}/status}. {@code pv} is null before the first reading,
 * {@code out} while the loop does not command ({@code stale-input}, {@code off}); both are written as JSON null.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LoopStatus(String loop, Instant ts, Double pv, double sp, Double out, double p, double i, double d, LoopMode mode,
        LoopState state) {
}
