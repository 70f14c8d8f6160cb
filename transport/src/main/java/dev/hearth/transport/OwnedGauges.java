package dev.hearth.transport;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gauges one object registers, removed when that object stops ({@link #close()}).
 * <p>
 * Why every owner needs this: the {@code MeterRegistry} Quarkus injects is Micrometer's global composite, which
 * outlives the application (the restarts of a test run, dev mode's reloads). Registering a gauge whose name is taken
 * returns the gauge already there, still reading the stopped object, so the next application's gauge would never read
 * its own. At the close only the gauges that are still these are removed (Micrometer removes by id, and another owner
 * may have registered the same name since), once; after it nothing more is registered, so a late caller (a loop's
 * last tick) leaves no gauge that no one removes.
 */
public final class OwnedGauges implements AutoCloseable {

    private final MeterRegistry registry;
    private final List<Gauge> gauges = new ArrayList<>();
    private boolean closed;

    public OwnedGauges(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers {@code gauge}; after {@link #close()} registers nothing and answers false. */
    public synchronized boolean add(Gauge.Builder<?> gauge) {
        if (closed) {
            return false;
        }
        gauges.add(gauge.register(registry));
        return true;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Gauge gauge : gauges) {
            if (registry.find(gauge.getId().getName()).tags(gauge.getId().getTags()).gauge() == gauge) {
                registry.remove(gauge);
            }
        }
        gauges.clear();
    }
}
