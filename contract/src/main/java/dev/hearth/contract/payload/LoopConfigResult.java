package dev.hearth.contract.payload;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * control-service's answer to a {@link LoopConfigChange}, on {@code hearth/{home}/loops/{loop}/config/result} (QoS 1,
 * not retained): {@code accepted}, or refused with the {@code reason}. {@code requestId} is the change's, when it
 * had one. An accepted change's new configuration is on {@code loops/{loop}/config} before this answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoopConfigResult(String loop, String requestId, Instant ts, boolean accepted, String reason) {
}
