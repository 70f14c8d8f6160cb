package dev.hearth.gateway.sampling;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import dev.hearth.contract.Times;
import dev.hearth.contract.payload.Reading;
import dev.hearth.gateway.config.Declaration;
import dev.hearth.gateway.config.GatewayConfig;
import dev.hearth.gateway.hardware.DriverException;
import dev.hearth.gateway.hardware.Hardware;
import dev.hearth.gateway.mqtt.GatewayPublisher;
import dev.hearth.transport.OwnedGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Samples every sensor at its own interval and publishes each value as a Reading. A sensor that fails to read is
 * counted and logged, and the others carry on.
 */
@ApplicationScoped
public class SensorSampler {

    private static final Logger LOG = Logger.getLogger(SensorSampler.class);

    private final Declaration declaration;
    private final Hardware hardware;
    private final GatewayPublisher publisher;
    private final MeterRegistry metrics;
    /** Each sensor's next sequence number and last reading time, by sensor id. */
    private final Map<String, Stamps> stamps = new ConcurrentHashMap<>();
    /** Readings taken and kept (in the spool) in this run: said at the stop, when no scrape can read the metric any more. */
    private final AtomicLong taken = new AtomicLong();
    /** Sensors whose reads fail now, and how many reads in a row have. */
    private final Map<String, Integer> failing = new ConcurrentHashMap<>();
    // One thread: real bus reads (I2C) block, and must not block the event loop.
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hearth-sampler");
        t.setDaemon(true);
        return t;
    });

    /** Removed at the stop (see {@link OwnedGauges}). */
    private final OwnedGauges gauges;
    /** The wall clock readings are stamped by (a test sets a Pi's unset one). */
    LongSupplier wallClock = System::currentTimeMillis;
    /** Whether the wall clock is outside the contract's years, as said once in the log. */
    private final AtomicBoolean clockUnset = new AtomicBoolean();

    public SensorSampler(Declaration declaration, Hardware hardware, GatewayPublisher publisher, MeterRegistry metrics) {
        this.declaration = declaration;
        this.hardware = hardware;
        this.publisher = publisher;
        this.metrics = metrics;
        this.gauges = new OwnedGauges(metrics);
        gauges.add(Gauge.builder("hearth.gateway.sensors.failing", failing, Map::size).description("Sensors whose last read failed"));
    }

    public void start() {
        declaration.sensors().forEach((id, sensor) -> {
            long interval = sensor.interval().toMillis();
            LOG.debugf("Sampling %s every %d ms", id, interval);
            executor.scheduleAtFixedRate(() -> sample(id, sensor), 0, interval, TimeUnit.MILLISECONDS);
        });
    }

    /** What a sensor's next reading is stamped from; used by the one sampling thread only. */
    static final class Stamps {
        /** A step back of the wall clock further than this is a correction to follow, not jitter to smooth over. */
        static final long FOLLOW_STEP_BACK_MS = 1_000;

        long nextSeq;
        long lastMs = Long.MIN_VALUE;

        /**
         * Now, to the millisecond, but always after the sensor's previous reading: after a stall of the sampling
         * thread, {@code scheduleAtFixedRate} runs the missed samples back to back, and two readings of one sensor in the
         * same millisecond would be one reading to history-service, which keys readings by series and time (the chaos
         * run lost a seq so). At most a millisecond or so later than the clock, and only in such a burst. If the wall clock
         * steps back by less than {@link #FOLLOW_STEP_BACK_MS}, readings go on a millisecond after each other until it has
         * caught up; a longer step back (a clock an hour fast set right) is followed at once, or an hour of readings would
         * be stamped a millisecond apart and refused by control-service as ahead of its clock. {@code seq} keeps the order.
         */
        Instant timeAfterLast(long nowMs) {
            if (lastMs > nowMs + FOLLOW_STEP_BACK_MS) { // not lastMs - nowMs: MIN_VALUE before the first reading would wrap
                LOG.warnf("The wall clock went back %d ms: readings are stamped by it again (their seq keeps the order)", lastMs - nowMs);
                lastMs = nowMs;
            } else {
                lastMs = Math.max(nowMs, lastMs + 1);
            }
            return Instant.ofEpochMilli(lastMs);
        }
    }

    void sample(String id, GatewayConfig.Sensor sensor) {
        long nowMs = wallClock.getAsLong();
        if (!Times.inWindow(Instant.ofEpochMilli(nowMs))) {
            // A Pi without a clock of its own, booted before NTP: no reading can carry such a time, and it is not the
            // sensor that fails. Said once; the readings start when the clock is set.
            metrics.counter("hearth.gateway.readings.skipped", "reason", "clock-unset").increment();
            if (clockUnset.compareAndSet(false, true)) {
                LOG.errorf("The clock says %s, outside the years a reading may carry (2000..2100): no readings until it is set"
                        + " (NTP, or a real-time clock)", Instant.ofEpochMilli(nowMs));
            }
            return;
        }
        if (clockUnset.compareAndSet(true, false)) {
            LOG.infof("The clock is set (%s): readings go on", Instant.ofEpochMilli(nowMs));
        }
        try {
            hardware.syncSimulation(Instant.ofEpochMilli(nowMs));
            double value = hardware.sensor(id).read();
            if (!Double.isFinite(value)) {
                throw new DriverException("non-finite value " + value, null, DriverException.Kind.RANGE);
            }
            Stamps stamp = stamps.computeIfAbsent(id, k -> new Stamps());
            try {
                publisher.reading(new Reading(id, sensor.quantity(), value, sensor.unit(), stamp.timeAfterLast(nowMs), stamp.nextSeq++));
            } catch (UncheckedIOException e) {
                // The sensor is fine; the spool's disk is not. Not a sensor failure, and not hidden.
                metrics.counter("hearth.gateway.spool.failures").increment();
                LOG.errorf("A reading of %s could not be kept in the spool and is lost: %s", id, e.getMessage());
                return;
            }
            metrics.counter("hearth.gateway.readings", "sensor", id).increment();
            taken.incrementAndGet();
            Integer failedReads = failing.remove(id);
            if (failedReads != null) {
                LOG.infof("Sensor %s answers again, after %d failed read(s)", id, failedReads);
            }
        } catch (RuntimeException e) {
            // Catch everything: an exception would cancel this sensor's schedule for good. Nothing is published for a
            // failed read (no stale or made-up value); the sensor is tried again at its next interval.
            String reason = e instanceof DriverException d ? d.kind().reason() : "driver-error";
            metrics.counter("hearth.gateway.sensor.failures", "sensor", id, "reason", reason).increment();
            if (failing.merge(id, 1, Integer::sum) == 1) {
                // Logged once when it starts failing (and once when it recovers), not at every interval.
                LOG.errorf("Sensor %s fails (%s): %s; nothing is published for it until it answers again", id, reason, e.getMessage());
            } else {
                LOG.debugf("Sensor %s still fails (%s): %s", id, reason, e.getMessage());
            }
        }
    }

    /** The sensors whose last read failed. */
    public java.util.Set<String> failing() {
        return java.util.Set.copyOf(failing.keySet());
    }

    /**
     * Stops sampling during the shutdown, before any bean is destroyed (the spool is still open for the last samples,
     * and the count said here is final), but after the outputs went to failsafe (GatewayLifecycle, default priority):
     * a sample still running must not hold that up.
     */
    void onStop(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        if (executor.isShutdown()) {
            return;
        }
        gauges.close();
        // Not shutdownNow: an interrupt in the middle of a bus transfer or a spool write helps nobody.
        executor.shutdown();
        boolean stopped = false;
        try {
            stopped = executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stopped) {
            // Each of them went into the spool, which sends it now or at the next start (unless its limits drop it).
            LOG.infof("Sampling stopped: %d readings taken in this run", taken.get());
        } else {
            LOG.warnf("Sampling did not stop within 5 s (a sensor read or a spool write still running); at least %d readings"
                    + " taken in this run", taken.get());
        }
    }
}
