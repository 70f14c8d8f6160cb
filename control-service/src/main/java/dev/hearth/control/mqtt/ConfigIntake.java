package dev.hearth.control.mqtt;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.contract.Parsed;
import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.payload.LoopConfigChange;
import dev.hearth.contract.payload.LoopConfigResult;
import dev.hearth.contract.topic.Topic;
import dev.hearth.contract.topic.TopicKind;
import dev.hearth.control.loop.Loops;
import dev.hearth.transport.RejectedMessages;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Loop changes from {@code hearth/{home}/loops/+/config/set}. Each is read by the contract's reader, checked by the
 * loop rules, stored and applied; the new config goes out retained before the answer on {@code config/result}, so a
 * caller that sees {@code accepted} finds the config already there. A refused change keeps the old config, and is
 * counted ({@code hearth_control_changes_total{outcome}}), logged and answered with its reason.
 */
@ApplicationScoped
public class ConfigIntake {

    private static final Logger LOG = Logger.getLogger(ConfigIntake.class);
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final ControlTopics topics;
    private final Loops loops;
    private final LoopPublisher publisher;
    private final ConfigAnnouncer announcer;
    private final MeterRegistry metrics;
    /** One thread: changes are applied in the order they arrived. */
    private final ExecutorService changes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hearth-loop-changes");
        t.setDaemon(true);
        return t;
    });

    public ConfigIntake(ControlTopics topics, Loops loops, LoopPublisher publisher, ConfigAnnouncer announcer, MeterRegistry metrics) {
        this.topics = topics;
        this.loops = loops;
        this.publisher = publisher;
        this.announcer = announcer;
        this.metrics = metrics;
    }

    public CompletionStage<Void> handle(dev.hearth.transport.IncomingMessage message) {
        Optional<Topic> topic = topics.parse(message.topic(), TopicKind.LOOP_CONFIG_SET);
        if (topic.isEmpty()) {
            return DONE;
        }
        String loop = topic.get().id();
        Parsed<?> parsed = ContractReader.read(topic.get(), message.payload());
        if (!parsed.isOk()) {
            metrics.counter(RejectedMessages.METER, "kind", TopicKind.LOOP_CONFIG_SET.code(), "reason", parsed.rejection().reason().code())
                    .increment();
            return refuse(loop, ContractReader.requestIdOf(message.payload()).orElse(null), parsed.rejection().message());
        }
        LoopConfigChange change = (LoopConfigChange) parsed.value();
        // Not on the MQTT event loop: storing the change syncs a file, which takes a while on an SD card.
        return CompletableFuture.supplyAsync(() -> loops.change(loop, change), changes).thenCompose(outcome -> {
            if (!outcome.accepted()) {
                return refuse(loop, change.requestId(), outcome.reason());
            }
            metrics.counter("hearth.control.changes", "outcome", "accepted").increment();
            LOG.infof(outcome.config() == null ? "Loop %s removed" : "Loop %s changed: %s", loop, outcome.config());
            return announcer.announce(loop)
                    .thenRun(() -> publisher.result(new LoopConfigResult(loop, change.requestId(), Instant.now(), true, null)));
        });
    }

    @PreDestroy
    void stop() {
        changes.shutdownNow();
    }

    private CompletionStage<Void> refuse(String loop, String requestId, String reason) {
        metrics.counter("hearth.control.changes", "outcome", "refused").increment();
        LOG.warnf("Refused a change to loop %s: %s", loop, reason);
        publisher.result(new LoopConfigResult(loop, requestId, Instant.now(), false, reason));
        return DONE;
    }
}
