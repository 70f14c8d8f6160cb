package dev.hearth.local.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the stack of {@code ./hearth run}: a service that died is started again, with a backoff from 1 s doubling to
 * a minute (back to 1 s once it has run for five minutes), so a crashed control-service does not leave the house
 * unheated until someone notices; and messages the broker dropped (embedded or mosquitto) are reported. Everything
 * it does is said.
 */
public final class ServiceSupervisor implements AutoCloseable {

    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Duration STABLE = Duration.ofMinutes(5);

    private final HearthStack stack;
    private final List<String> services;
    private final Consumer<String> say;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hearth-supervisor");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Duration> backoff = new HashMap<>();
    private final Map<String, Instant> nextTry = new HashMap<>();
    private final Map<String, Instant> upSince = new HashMap<>();
    private long droppedReported;
    private volatile boolean closed;

    public ServiceSupervisor(HearthStack stack, List<String> services, Consumer<String> say) {
        this.stack = stack;
        this.services = services;
        this.say = say;
        Instant now = Instant.now();
        services.forEach(s -> upSince.put(s, now));
        timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
    }

    /** Never throws: an exception would end the schedule, and nothing would be restarted again. */
    private void check() {
        try {
            checkServices();
            reportDrops();
        } catch (RuntimeException e) {
            say.accept("the supervisor could not check the services: " + e);
        }
    }

    private void checkServices() {
        if (closed) {
            return;
        }
        Instant now = Instant.now();
        for (String name : services) {
            ServiceProcess service = stack.service(name);
            if (service.isAlive()) {
                if (Duration.between(upSince.getOrDefault(name, now), now).compareTo(STABLE) >= 0) {
                    backoff.remove(name);
                }
                continue;
            }
            Instant due = nextTry.get(name);
            if (due == null) {
                Duration wait = backoff.getOrDefault(name, FIRST_BACKOFF);
                nextTry.put(name, now.plus(wait));
                backoff.put(name, wait.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait.multipliedBy(2));
                say.accept(name + " exited (code " + service.exitCode() + "); restarting it in " + wait.toSeconds() + " s. Its log: "
                        + service.logFile());
            } else if (!now.isBefore(due)) {
                nextTry.remove(name);
                restart(name);
            }
        }
    }

    private void restart(String name) {
        try {
            stack.restart(name);
            upSince.put(name, Instant.now());
            say.accept(name + " is back");
        } catch (StackException e) {
            say.accept(name + " did not come back: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private void reportDrops() {
        OptionalLong count = stack.droppedMessages();
        if (count.isEmpty()) {
            return;
        }
        long dropped = count.getAsLong();
        if (dropped > droppedReported) {
            String why = stack.broker() != null ? "by reason since start: " + stack.broker().droppedByReason()
                    : "a client's queue of " + EmbeddedBroker.MAX_QUEUED_PER_CLIENT + " was full or a client could not take more";
            say.accept("the MQTT broker dropped " + (dropped - droppedReported) + " message(s) (" + dropped + " since start; " + why + ")");
            droppedReported = dropped;
        }
    }

    /** Stops watching; call before stopping the stack, so that no service is restarted on the way down. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
