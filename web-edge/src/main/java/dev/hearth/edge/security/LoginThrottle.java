package dev.hearth.edge.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Slows down password guessing: after a few failed logins for one user name, every further attempt for that name
 * waits, twice as long each time up to a cap, until a login succeeds or the failures are old. It holds attempts back
 * rather than locking accounts, so a guesser cannot lock the owner out, only make them wait too. It counts by name,
 * not by client address: behind the k3s Ingress or a home router every client has the same address.
 */
@ApplicationScoped
public class LoginThrottle {

    /** Remembered keys at most; past it, old entries go first and then everything (memory stays bounded). */
    static final int MAX_KEYS = 10_000;

    private record Failures(int count, Instant last) {
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

    /** How long an attempt for this user name must wait before its password is checked. */
    public Duration delay(Instant now, String name) {
        Failures f = failures.get(name);
        if (f == null || f.last().plus(forgetAfter).isBefore(now) || f.count() <= freeFailures) {
            return Duration.ZERO;
        }
        int doublings = Math.min(f.count() - freeFailures - 1, 30);
        Duration d = firstDelay.multipliedBy(1L << doublings);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }

    public void failed(Instant now, String name) {
        if (failures.size() >= MAX_KEYS && !failures.containsKey(name)) {
            failures.values().removeIf(f -> f.last().plus(forgetAfter).isBefore(now));
            if (failures.size() >= MAX_KEYS) {
                failures.clear();
            }
        }
        failures.merge(name, new Failures(1, now),
                (old, one) -> old.last().plus(forgetAfter).isBefore(now) ? one : new Failures(old.count() + 1, now));
    }

    int size() {
        return failures.size();
    }

    /** A correct password clears its name's failures. */
    public void succeeded(String name) {
        failures.remove(name);
    }
}
