package dev.hearth.contract.payload;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The relay autotune of a loop, on {@code hearth/{home}/loops/{loop}/autotune} (QoS 1, retained): {@code running}, then
 * {@code done} with the measured ultimate gain {@code ku} and period {@code puMs} and the gains each tuning rule
 * proposes, or {@code failed} with the {@code reason}. Nothing is applied until someone sends the chosen gains on
 * {@code loops/{loop}/config/set}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutotuneReport(String loop, Instant ts, AutotuneState state, String reason, Double ku, Long puMs, List<Proposal> proposals) {

    /** The gains one tuning rule ({@code ziegler-nichols}, {@code tyreus-luyben}) derives from ku and pu. */
    public record Proposal(String rule, double kp, double ki, double kd) {
    }
}
