package dev.hearth.control.loop;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.hearth.control.mqtt.LoopPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/** Builds the configured loops, publishes their configuration, and ticks each one at its sample period. */
@ApplicationScoped
public class LoopRunner {

    private static final Logger LOG = Logger.getLogger(LoopRunner.class);

    private final Map<String, ControlLoop> loops = new TreeMap<>();
    private final LoopPublisher publisher;
    private final MeterRegistry metrics;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hearth-loops");
        t.setDaemon(true);
        return t;
    });

    public LoopRunner(LoopsConfig config, LoopPublisher publisher, MeterRegistry metrics) {
        this.publisher = publisher;
        this.metrics = metrics;
        config.loops().forEach((id, c) -> {
            LoopDefinition definition = new LoopDefinition(id, c.kind(), c.sensor(), c.actuator(), c.mode(), c.setpoint(),
                    c.setpointMin(), c.setpointMax(), c.kp(), c.ki(), c.kd(), c.outputMin(), c.outputMax(),
                    c.manualOutput().orElse(null), c.sample().toMillis());
            loops.put(id, new ControlLoop(definition, c.staleAfter().orElse(c.sample().multipliedBy(3))));
        });
    }

    void onStart(@Observes StartupEvent event) {
        loops.values().forEach(loop -> {
            long period = loop.definition().sampleMs();
            executor.scheduleAtFixedRate(() -> tick(loop), period, period, TimeUnit.MILLISECONDS);
        });
        LOG.infof("Running %d control loop(s): %s", loops.size(), loops.keySet());
    }

    /** Publishes every loop's config (retained); at every connection, since a restarted broker may have lost it. */
    public void publishConfigs() {
        loops.values().forEach(loop -> publisher.config(loop.definition()));
    }

    public boolean watches(String sensor) {
        return loops.values().stream().anyMatch(l -> l.definition().sensor().equals(sensor));
    }

    public void reading(String sensor, double value, Instant receivedAt) {
        loops.values().stream().filter(l -> l.definition().sensor().equals(sensor)).forEach(l -> l.reading(value, receivedAt));
    }

    void tick(ControlLoop loop) {
        String id = loop.definition().loop();
        try {
            Instant now = Instant.now();
            ControlLoop.Tick tick = loop.tick(now);
            if (tick.out() != null) {
                publisher.command(id, loop.definition().actuator(), tick.out(), loop.commandTtlMs(), now);
            }
            publisher.status(id, tick, now);
            metrics.counter("hearth.control.ticks", "loop", id, "state", tick.state()).increment();
        } catch (RuntimeException e) {
            // Catch everything: an exception would cancel this loop's schedule, and its actuator would fail safe silently.
            LOG.errorf(e, "Loop %s failed a tick", id);
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
