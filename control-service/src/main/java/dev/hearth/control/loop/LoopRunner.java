package dev.hearth.control.loop;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.hearth.contract.payload.AutotuneReport;
import dev.hearth.contract.payload.AutotuneState;
import dev.hearth.control.controller.RelayAutotune;
import dev.hearth.control.mqtt.ConfigAnnouncer;
import dev.hearth.control.mqtt.LoopPublisher;
import io.quarkus.runtime.StartupEvent;

/**
 * Ticks every loop at its own fixed sample period on the monotonic clock (one scheduler thread checks every 100 ms
 * which loops are due), publishes each tick's command and status, and reports autotunes as they start and end.
 */
@ApplicationScoped
public class LoopRunner {

    private static final Logger LOG = Logger.getLogger(LoopRunner.class);
    private static final long RESOLUTION_MS = 100;

    private final Loops loops;
    private final LoopPublisher publisher;
    private final ConfigAnnouncer announcer;
    private final LoopMetrics metrics;
    private final Map<String, Long> dueAt = new HashMap<>();
    private final Map<String, RelayAutotune> reportedRunning = new HashMap<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hearth-loops");
        t.setDaemon(true);
        return t;
    });

    public LoopRunner(Loops loops, LoopPublisher publisher, ConfigAnnouncer announcer, LoopMetrics metrics) {
        this.loops = loops;
        this.publisher = publisher;
        this.announcer = announcer;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        executor.scheduleAtFixedRate(this::tickDue, RESOLUTION_MS, RESOLUTION_MS, TimeUnit.MILLISECONDS);
    }

    private void tickDue() {
        long now = System.nanoTime() / 1_000_000;
        Map<String, ControlLoop> current = new HashMap<>();
        loops.all().forEach(l -> current.put(l.config().loop(), l));
        for (String gone : dueAt.keySet().stream().filter(id -> !current.containsKey(id)).toList()) {
            dueAt.remove(gone);
            reportedRunning.remove(gone);
            metrics.forget(gone); // here, between ticks, so a tick in progress cannot register it again
        }
        for (ControlLoop loop : current.values()) {
            String id = loop.config().loop();
            long due = dueAt.computeIfAbsent(id, k -> now + loop.config().sampleMs());
            if (now >= due) {
                // The next tick is one period after this one was due, not after it ran: a fixed period, no drift. After a
                // stall (a long GC, a suspended machine) the missed ticks are skipped, not run back to back.
                long next = due + loop.config().sampleMs();
                dueAt.put(id, next > now ? next : now + loop.config().sampleMs());
                tick(loop, now);
            }
        }
    }

    void tick(ControlLoop loop, long monotonicMs) {
        String id = loop.config().loop();
        try {
            Instant now = Instant.now();
            ControlLoop.Tick tick = loop.tick(now, monotonicMs, loops.staleAfter(loop));
            if (tick.out() != null) {
                publisher.command(id, loop.config().actuator(), tick.out(), loop.commandTtlMs(), now);
            }
            publisher.status(id, tick, now);
            metrics.record(id, tick);
            reportAutotune(loop, now);
        } catch (RuntimeException e) {
            // Catch everything: an exception would end the scheduler, and every actuator would fail safe silently.
            LOG.errorf(e, "Loop %s failed a tick", id);
        }
    }

    private void reportAutotune(ControlLoop loop, Instant now) {
        RelayAutotune tune = loop.autotune();
        if (tune == null) {
            return;
        }
        String id = loop.config().loop();
        switch (tune.phase()) {
            case RUNNING -> {
                if (reportedRunning.get(id) != tune) {
                    reportedRunning.put(id, tune);
                    publisher.autotune(new AutotuneReport(id, now, AutotuneState.RUNNING, null, null, null, null));
                    LOG.infof("Loop %s: autotune started", id);
                }
            }
            case DONE -> {
                RelayAutotune.Result r = tune.result();
                publisher.autotune(new AutotuneReport(id, now, AutotuneState.DONE, null, round(r.ku()), Math.round(r.puSeconds() * 1000),
                        r.proposals().stream().map(p -> new AutotuneReport.Proposal(p.rule(), round(p.kp()), round(p.ki()), round(p.kd())))
                                .toList()));
                LOG.infof("Loop %s: autotune done, ku %.4f, pu %.0f s; gains proposed on its autotune topic", id, r.ku(), r.puSeconds());
                ended(loop);
            }
            case FAILED -> {
                publisher.autotune(new AutotuneReport(id, now, AutotuneState.FAILED, tune.failure(), null, null, null));
                LOG.warnf("Loop %s: autotune failed: %s", id, tune.failure());
                ended(loop);
            }
        }
    }

    private void ended(ControlLoop loop) {
        reportedRunning.remove(loop.config().loop());
        loop.autotuneReported();
        loops.endAutotune(loop).ifPresent(back -> announcer.announce(back.loop()));
    }

    /** Six significant decimals: gains of a slow room are small numbers, and they should read as they were found. */
    private static double round(double v) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", v));
    }

    /** Publishes every loop's config (retained); at every connection, since a restarted broker may have lost it. */
    public void publishConfigs() {
        announcer.announceAll();
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
