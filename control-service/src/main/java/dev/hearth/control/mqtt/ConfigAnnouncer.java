package dev.hearth.control.mqtt;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.contract.payload.LoopConfig;
import dev.hearth.control.loop.Loops;

/**
 * Publishes loops' retained configs, one at a time and always as they are when the publish goes out: a change, the
 * end of an autotune and a reconnect can each ask for a loop's config from their own thread, and the last config the
 * broker keeps must be the current one (a removed loop's stays cleared).
 */
@ApplicationScoped
public class ConfigAnnouncer {

    private final Loops loops;
    private final LoopPublisher publisher;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hearth-loop-configs");
        t.setDaemon(true);
        return t;
    });

    public ConfigAnnouncer(Loops loops, LoopPublisher publisher) {
        this.loops = loops;
        this.publisher = publisher;
    }

    /** Publishes the loop's current config, or clears it when there is no such loop; completes on the PUBACK. */
    public CompletableFuture<Void> announce(String loop) {
        return CompletableFuture.supplyAsync(() -> {
            Optional<LoopConfig> config = loops.config(loop);
            return config.isPresent() ? publisher.config(config.get()) : publisher.removed(loop);
        }, executor).thenCompose(published -> published);
    }

    /** Every loop's config, and every removed loop's clear: at each connection, as a restarted broker may hold neither. */
    public void announceAll() {
        loops.all().forEach(l -> announce(l.config().loop()));
        loops.removed().forEach(this::announce);
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
