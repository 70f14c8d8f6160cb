package dev.hearth.history.store;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Series this instance has seen in the {@code series} table (stored by its own ingest, or found there by a query). A
 * series, once stored, is never removed from it (retention drops readings, not series), so the ingest writes the
 * table once per series rather than per batch, and a dashboard's repeated queries skip the look-up. At most one entry
 * per series ever stored.
 */
@ApplicationScoped
class StoredSeries {

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    boolean contains(String series) {
        return seen.contains(series);
    }

    /** Only once they are committed to {@code series}. */
    void addAll(Collection<String> series) {
        seen.addAll(series);
    }
}
