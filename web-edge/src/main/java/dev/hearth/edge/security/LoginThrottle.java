package dev.hearth.edge.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Slows down password guessing: after a few failed logins for one user name, attempts for that name are let through
 * one at a time, spaced by a delay that doubles with each failure up to a cap, until a login succeeds or the failures
 * are old. Parallel attempts queue behind each other (each reserves the next slot), and when the queue is longer than
 * twice the cap, further attempts are refused at once without checking their password. It holds attempts back rather
 * than locking accounts, so a guesser cannot lock the owner out, only make them wait too. It counts by name, not by
 * client address: behind the k3s Ingress or a home router every client has the same address.
 */
@ApplicationScoped
public class LoginThrottle {

    /** Remembered names at most; past it, the oldest go first (memory stays bounded). */
    static final int MAX_KEYS = 10_000;
    /** Names longer than any user name cannot match one and are not remembered. */
    static final int MAX_NAME = 64;

    private record Failures(int count, Instant last, Instant nextAllowed) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final int freeFailures;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Duration forgetAfter;

    @Inject
    public LoginThrottle(SecurityConfig config) {
        this(config.freeFailures(), config.firstDelay(), config.maxDelay(), config.forgetAfter());
    }

    LoginThrottle(int freeFailures, Duration firstDelay, Duration maxDelay, Duration forgetAfter) {
        this.freeFailures = freeFailures;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
        this.forgetAfter = forgetAfter;
    }

    /**
     * Reserves this attempt's turn: how long it must wait before its password is checked, or null when too many
     * attempts for the name are waiting already (refuse it).
     */
    public Duration reserve(Instant now, String name) {
        Duration[] wait = {Duration.ZERO};
        failures.computeIfPresent(name, (key, f) -> {
            if (old(f, now) || f.count() < freeFailures) {
                return f;
            }
            Instant slot = f.nextAllowed().isAfter(now) ? f.nextAllowed() : now;
            Duration until = Duration.between(now, slot);
            if (until.compareTo(maxDelay.multipliedBy(2)) > 0) {
                wait[0] = null;
                return f;
            }
            wait[0] = until;
            return new Failures(f.count(), f.last(), slot.plus(step(f.count())));
        });
        return wait[0];
    }

    public void failed(Instant now, String name) {
        if (name.length() > MAX_NAME) {
            return;
        }
        if (failures.size() >= MAX_KEYS && !failures.containsKey(name)) {
            failures.values().removeIf(f -> old(f, now));
            if (failures.size() >= MAX_KEYS) {
                failures.entrySet().stream().sorted(Comparator.comparing(e -> e.getValue().last())).limit(MAX_KEYS / 10)
                        .map(Map.Entry::getKey).toList().forEach(failures::remove);
            }
        }
        failures.compute(name, (key, f) -> {
            int count = f == null || old(f, now) ? 1 : f.count() + 1;
            Instant next = count >= freeFailures ? now.plus(step(count)) : now;
            if (f != null && !old(f, now) && f.nextAllowed().isAfter(next)) {
                next = f.nextAllowed();
            }
            return new Failures(count, now, next);
        });
    }

    /** A correct password clears its name's failures. */
    public void succeeded(String name) {
        failures.remove(name);
    }

    int size() {
        return failures.size();
    }

    /** The spacing after {@code count} failures: the first delay after the last free one, doubled per failure past it, capped. */
    private Duration step(int count) {
        int doublings = Math.min(Math.max(count - Math.max(freeFailures, 1), 0), 30); // with none free, the first failure holds 1×
        Duration d = firstDelay.multipliedBy(1L << doublings);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    private boolean old(Failures f, Instant now) {
        return f.last().plus(forgetAfter).isBefore(now);
    }
}
