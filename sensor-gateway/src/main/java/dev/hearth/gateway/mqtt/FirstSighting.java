package dev.hearth.gateway.mqtt;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Says whether a name is seen for the first time, remembering at most a bounded number of them. A home with two
 * gateways sends each one the other's commands: refusing them is right, warning at every one of them fills the log.
 * The bound keeps a flood of made-up names from growing the memory; past it, nothing counts as new, and
 * {@link #full()} says so once.
 */
final class FirstSighting {

    private final int capacity;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean toldFull = new AtomicBoolean();

    FirstSighting(int capacity) {
        this.capacity = capacity;
    }

    /** True the first time {@code name} comes, while fewer than the capacity have come before. */
    boolean first(String name) {
        return seen.size() < capacity && seen.add(name);
    }

    /** True once: the first time it is asked after the capacity was reached. */
    boolean full() {
        return seen.size() >= capacity && toldFull.compareAndSet(false, true);
    }
}
