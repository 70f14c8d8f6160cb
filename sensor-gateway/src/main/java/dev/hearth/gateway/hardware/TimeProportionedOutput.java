package dev.hearth.gateway.hardware;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

/**
 * A relay driven as slow PWM (a heater on a relay): a value of 0..1 is the share of each cycle it is on. The relay is
 * switched by this driver's own timer; writing 0 (a failsafe) switches it off at once, without waiting for the cycle.
 */
public final class TimeProportionedOutput implements OutputDriver, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TimeProportionedOutput.class);

    private final OutputDriver relay;
    private final double failsafe;
    private final long cycleNanos;
    private final ScheduledExecutorService timer;
    private long cycleStart = System.nanoTime();
    private double duty;
    private boolean closed;

    public TimeProportionedOutput(String id, OutputDriver relay, Duration cycle, double failsafe) {
        this.relay = relay;
        this.failsafe = failsafe;
        this.cycleNanos = cycle.toNanos();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hearth-tpo-" + id);
            t.setDaemon(true);
            return t;
        });
        // A hundred steps per cycle: the on time is right to 1 %, and a minute's cycle ticks every 0.6 s.
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(50), cycleNanos / 100);
        timer.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.NANOSECONDS);
    }

    @Override
    public synchronized void write(double value) {
        if (closed) {
            throw new DriverException("the slow-PWM output is stopped (the gateway is shutting down)", null);
        }
        double previous = duty;
        duty = Math.max(0, Math.min(1, value));
        if (previous < TimeProportioning.MIN_PULSE && duty >= TimeProportioning.MIN_PULSE) {
            cycleStart = System.nanoTime(); // from off: a fresh cycle, so the first pulse is whole
        }
        apply(System.nanoTime());
    }

    @Override
    public synchronized double current() {
        return duty;
    }

    private synchronized void tick() {
        if (closed) {
            return;
        }
        try {
            apply(System.nanoTime());
        } catch (Throwable e) { // anything escaping would cancel the timer and leave the relay where it is, maybe on
            LOG.errorf("Time-proportioned relay could not be switched: %s", e.getMessage());
        }
    }

    private void apply(long now) {
        double into = ((now - cycleStart) % cycleNanos) / (double) cycleNanos;
        boolean on = TimeProportioning.on(duty, into);
        if (on != relay.current() > 0.5) {
            relay.write(on ? 1 : 0);
        }
    }

    /** Stops switching and leaves the relay at its failsafe level (Pi4J's shutdown state applies after, the same). */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            closed = true;
            relay.write(TimeProportioning.on(failsafe, 1) ? 1 : 0);
        }
    }
}
