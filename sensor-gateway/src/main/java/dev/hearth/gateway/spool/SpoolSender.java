package dev.hearth.gateway.spool;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.hearth.gateway.config.GatewayConfig;
import dev.hearth.gateway.mqtt.BrokerConnection;
import dev.hearth.gateway.mqtt.GatewayPublisher;
import dev.hearth.transport.OwnedGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Moves readings from the spool to the broker, oldest first, with at most {@code in-flight} awaiting their PUBACK; each
 * is acknowledged in the spool only when the broker has it. When a publish fails (the connection is gone), sending
 * waits for the rest of the window to settle and starts again at the oldest unacknowledged reading, skipping those
 * the broker did take: the order holds and nothing is sent twice that the spool knows arrived.
 *
 * <p>Its own thread, since reading the spool touches the disk; it never blocks an event loop.
 */
@ApplicationScoped
public class SpoolSender {

    private static final Logger LOG = Logger.getLogger(SpoolSender.class);
    private static final Duration IDLE = Duration.ofMillis(200);

    private final ReadingSpool spool;
    private final GatewayPublisher publisher;
    private final BrokerConnection broker;
    private final int window;
    private final Semaphore inFlight;
    private final AtomicBoolean failed = new AtomicBoolean();
    private final ScheduledExecutorService forcer;
    private final ExecutorService acknowledger = Executors.newSingleThreadExecutor(r -> daemon(r, "hearth-spool-ack"));
    private volatile boolean running = true;
    private Thread thread;
    /** Removed at the stop (see {@link OwnedGauges}). */
    private final OwnedGauges gauges;

    public SpoolSender(ReadingSpool spool, GatewayPublisher publisher, BrokerConnection broker, GatewayConfig config,
            MeterRegistry metrics) {
        this.spool = spool;
        this.publisher = publisher;
        this.broker = broker;
        this.window = Math.max(1, config.spool().inFlight());
        this.inFlight = new Semaphore(window);
        this.gauges = new OwnedGauges(metrics);
        gauges.add(Gauge.builder("hearth.gateway.spool.pending", spool, ReadingSpool::pending)
                .description("Readings taken and not yet acknowledged by the broker"));
        gauges.add(Gauge.builder("hearth.gateway.spool.bytes", spool, ReadingSpool::bytes));
        gauges.add(Gauge.builder("hearth.gateway.spool.dropped", spool, ReadingSpool::dropped)
                .description("Readings dropped unsent: the spool was full or they were older than its max-age"));
        Duration every = config.spool().fsyncEvery();
        forcer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "hearth-spool-fsync"));
        if (!every.isZero()) {
            forcer.scheduleWithFixedDelay(this::force, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            forcer.scheduleWithFixedDelay(this::force, 1, 1, TimeUnit.MINUTES); // the age bound still needs a tick
        }
    }

    @Produces
    @Singleton
    static ReadingSpool spool(GatewayConfig config) {
        SpoolConfig spool = config.spool();
        Path dir = Paths.get(spool.dir()).toAbsolutePath();
        return new ReadingSpool(dir, spool.maxBytes().asLongValue(), spool.maxAge(), spool.fsyncEvery());
    }

    public synchronized void start() {
        if (thread == null) {
            thread = daemon(this::run, "hearth-spool-sender");
            thread.start();
        }
    }

    private void run() {
        long next = spool.oldestUnacknowledged();
        while (running) {
            try {
                if (failed.get()) {
                    // Let the window settle, then go back to the oldest reading the broker has not acknowledged.
                    inFlight.acquire(window);
                    inFlight.release(window);
                    failed.set(false);
                    next = spool.oldestUnacknowledged();
                }
                if (!broker.isUp()) {
                    TimeUnit.MILLISECONDS.sleep(IDLE.toMillis());
                    continue;
                }
                List<ReadingSpool.Entry> batch = spool.read(next, window, IDLE);
                for (ReadingSpool.Entry entry : batch) {
                    if (failed.get()) {
                        break;
                    }
                    inFlight.acquire();
                    // The PUBACK completes on the MQTT event loop: acknowledge on a thread of the spool's own,
                    // since that writes the watermark and may delete a segment (disk I/O, and the spool's lock).
                    publisher.spooled(entry.topic(), entry.payload()).whenCompleteAsync((ok, failure) -> {
                        try {
                            if (failure == null) {
                                spool.acknowledge(entry.index());
                            } else {
                                failed.set(true);
                            }
                        } catch (RuntimeException e) {
                            // The watermark could not be written (a read-only or failing disk): sent again later.
                            LOG.errorf("A delivered reading could not be marked in the spool: %s", e.getMessage());
                            failed.set(true);
                        } finally {
                            inFlight.release(); // always: a lost permit would stop sending for good
                        }
                    }, acknowledger);
                    next = entry.index() + 1;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.errorf(e, "Sending spooled readings failed; trying again");
                failed.set(true);
                sleepQuietly();
            }
        }
    }

    private void force() {
        try {
            spool.force();
        } catch (RuntimeException e) {
            LOG.errorf("The reading spool could not be forced to disk: %s", e.getMessage());
        }
    }

    /** At a clean stop: gives the broker a moment for what is in flight, then forces and closes the spool. */
    @PreDestroy
    void stop() {
        running = false;
        gauges.close();
        try {
            if (thread != null) {
                // It sees running=false within one idle wait; an interrupt inside a file read would close that file.
                thread.join(2000);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(1000);
                }
            }
            if (inFlight.tryAcquire(window, 2, TimeUnit.SECONDS)) {
                inFlight.release(window);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forcer.shutdown(); // not shutdownNow: an interrupt inside a file operation is not wanted
        acknowledger.shutdown();
        try {
            acknowledger.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spool.close();
    }

    private static void sleepQuietly() {
        try {
            TimeUnit.SECONDS.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
