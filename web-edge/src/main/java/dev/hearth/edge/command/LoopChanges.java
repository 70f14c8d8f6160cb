package dev.hearth.edge.command;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.LoopConfigChange;
import dev.hearth.contract.payload.LoopConfigResult;
import dev.hearth.contract.topic.HomeTopics;
import dev.hearth.transport.MqttSession;

/**
 * Sends a loop change to control-service ({@code loops/{loop}/config/set}, QoS 1) and waits for its answer on
 * {@code loops/{loop}/config/result}, matched by a request id of its own. The answer reaches web-edge like every
 * other message of the home, and its state intake hands it on as a CDI event.
 */
@ApplicationScoped
public class LoopChanges {

    private final MqttSession session;
    private final HomeTopics topics;
    private final Duration timeout;
    private final Map<String, CompletableFuture<LoopConfigResult>> waiting = new ConcurrentHashMap<>();

    public LoopChanges(MqttSession session, @ConfigProperty(name = "hearth.home") String home,
            @ConfigProperty(name = "hearth.edge.loop-change-timeout", defaultValue = "10s") Duration timeout) {
        this.session = session;
        this.topics = new HomeTopics(home);
        this.timeout = timeout;
    }

    /**
     * Completes with control-service's answer; fails with a {@link java.util.concurrent.TimeoutException} when none
     * comes in time, and with the publish's failure when the broker does not take the change.
     */
    public CompletableFuture<LoopConfigResult> send(String loop, LoopConfigChange change) {
        String requestId = UUID.randomUUID().toString();
        LoopConfigChange request = change.withRequestId(requestId);
        CompletableFuture<LoopConfigResult> answer = new CompletableFuture<>();
        waiting.put(requestId, answer);
        answer.whenComplete((result, failure) -> waiting.remove(requestId));
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            session.publish(topics.loopConfigSet(loop), ContractWriter.write(request), 1, false)
                    .whenComplete((acked, failure) -> {
                        if (failure != null) {
                            answer.completeExceptionally(failure);
                        }
                    });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        return answer;
    }

    void onResult(@Observes LoopConfigResult result) {
        CompletableFuture<LoopConfigResult> answer = result.requestId() == null ? null : waiting.get(result.requestId());
        if (answer != null) {
            answer.complete(result);
        }
    }
}
