package dev.hearth.control.loop;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.hearth.contract.payload.Coded;
import dev.hearth.contract.payload.LoopConfig;
import dev.hearth.contract.payload.LoopConfigChange;
import dev.hearth.contract.payload.LoopKind;
import dev.hearth.contract.payload.LoopMode;
import dev.hearth.control.store.LoopStore;

/**
 * The loops of this home: built from configuration and the store at start, changed at run time by
 * {@link LoopConfigChange}s (validated, applied without a bump, stored before they are confirmed).
 */
@ApplicationScoped
public class Loops {

    private static final Logger LOG = Logger.getLogger(Loops.class);

    /** What became of a change: accepted (with the loop's new config, or none when it was removed) or refused. */
    public record Outcome(String loop, boolean accepted, String reason, LoopConfig config) {

        static Outcome refused(String loop, String reason) {
            return new Outcome(loop, false, reason, null);
        }
    }

    private final Map<String, ControlLoop> loops = new TreeMap<>();
    private final TreeSet<String> removed = new TreeSet<>();
    private final Map<String, Duration> configuredStaleAfter = new HashMap<>();
    private final Equipment equipment;
    private final LoopStore store;
    private final ControlLoop.Timing timing;
    /** Taken before this object's lock: one change at a time, from validation until it is stored and live. */
    private final Object changing = new Object();

    @Inject
    public Loops(LoopsConfig config, Equipment equipment) {
        this(config, equipment, new LoopStore(Path.of(config.dataDir())));
    }

    Loops(LoopsConfig config, Equipment equipment, LoopStore store) {
        this.equipment = equipment;
        this.store = store;
        this.timing = new ControlLoop.Timing(config.clockSkew(), config.autotuneTimeout());
        LoopStore.Contents stored = store.load().orElse(new LoopStore.Contents(List.of(), new TreeSet<>()));
        removed.addAll(stored.removed());
        for (LoopConfig c : stored.loops()) {
            try {
                admit(LoopRules.validate(c, Equipment.NONE));
            } catch (InvalidLoop e) {
                LOG.errorf("Skipped stored loop %s: %s", c.loop(), e.getMessage());
            }
        }
        config.loops().forEach((id, c) -> {
            c.staleAfter().ifPresent(d -> configuredStaleAfter.put(id, d));
            if (loops.containsKey(id) || removed.contains(id)) {
                return; // changed or removed at run time: the store wins
            }
            try {
                admit(LoopRules.validate(fromConfiguration(id, c), Equipment.NONE));
            } catch (InvalidLoop e) {
                throw new IllegalStateException("hearth.control.loops." + id + ": " + e.getMessage());
            }
        });
        LOG.infof("Loops: %s (stored in %s)", loops.keySet(), store.file());
    }

    /** Adds a loop at start, unless another already drives its actuator. */
    private void admit(LoopConfig c) throws InvalidLoop {
        requireActuatorFree(c);
        loops.put(c.loop(), new ControlLoop(c, timing, equipment::isRelay));
    }

    private void requireActuatorFree(LoopConfig c) throws InvalidLoop {
        for (ControlLoop other : loops.values()) {
            if (!other.config().loop().equals(c.loop()) && other.config().actuator().equals(c.actuator())) {
                throw new InvalidLoop("actuator '" + c.actuator() + "' is already driven by loop '" + other.config().loop() + "'");
            }
        }
    }

    /** The loop's current config, or empty when there is no such loop (never was, or removed). */
    public synchronized java.util.Optional<LoopConfig> config(String id) {
        return java.util.Optional.ofNullable(loops.get(id)).map(ControlLoop::config);
    }

    /** The ids of the loops removed at run time: their retained configs must stay cleared. */
    public synchronized List<String> removed() {
        return List.copyOf(removed);
    }

    public synchronized List<ControlLoop> all() {
        return new ArrayList<>(loops.values());
    }

    public synchronized boolean watches(String sensor) {
        return loops.values().stream().anyMatch(l -> l.config().sensor().equals(sensor));
    }

    public synchronized void reading(String sensor, double value, Instant ts) {
        loops.values().stream().filter(l -> l.config().sensor().equals(sensor)).forEach(l -> l.reading(value, ts));
    }

    /** Configured, else three of the sensor's intervals (from its gateway's manifest), else three sample periods. */
    public Duration staleAfter(ControlLoop loop) {
        LoopConfig c = loop.config();
        Duration configured = configuredStaleAfter.get(c.loop());
        if (configured != null) {
            return configured;
        }
        return equipment.sensor(c.sensor()).map(s -> Duration.ofMillis(3 * s.intervalMs())).orElse(Duration.ofMillis(3 * c.sampleMs()));
    }

    /**
     * Applies {@code change} to loop {@code id}: validated against the rules and the equipment, stored, and only then
     * live. A change that cannot be stored is refused, so what runs is always what a restart would run.
     */
    public Outcome change(String id, LoopConfigChange change) {
        synchronized (changing) {
            LoopConfig next;
            synchronized (this) {
                ControlLoop current = loops.get(id);
                if (Boolean.TRUE.equals(change.remove())) {
                    if (current == null) {
                        return Outcome.refused(id, "there is no loop '" + id + "' to remove");
                    }
                    next = null;
                } else {
                    try {
                        next = LoopRules.validate(LoopRules.apply(id, current == null ? null : current.config(), change), equipment);
                        requireActuatorFree(next);
                    } catch (InvalidLoop e) {
                        return Outcome.refused(id, e.getMessage());
                    }
                }
            }
            return commit(id, next);
        }
    }

    /**
     * Stores the loops with {@code id} set to {@code next} (removed when null), then makes that live. Holds
     * {@link #changing}, not this object's lock, while the store writes and syncs (a slow SD card can take a second):
     * readings and ticks go on meanwhile, and no other change can slip between the store and the live loops.
     */
    private Outcome commit(String id, LoopConfig next) {
        List<LoopConfig> configs;
        TreeSet<String> nowRemoved;
        synchronized (this) {
            configs = configsWith(id, next);
            nowRemoved = new TreeSet<>(removed);
        }
        if (next == null) {
            nowRemoved.add(id);
        } else {
            nowRemoved.remove(id);
        }
        String failure = save(configs, nowRemoved);
        if (failure != null) {
            return Outcome.refused(id, failure);
        }
        synchronized (this) {
            ControlLoop current = loops.get(id);
            if (next == null) {
                loops.remove(id);
                removed.add(id);
            } else if (current == null) {
                loops.put(id, new ControlLoop(next, timing, equipment::isRelay));
                removed.remove(id);
            } else {
                current.reconfigure(next);
            }
        }
        return new Outcome(id, true, null, next);
    }

    /**
     * After an autotune ended (done, failed or aborted): the loop returns to the mode it had before, unless someone
     * set another mode meanwhile. Returns the new configuration, or empty when nothing changed.
     */
    public java.util.Optional<LoopConfig> endAutotune(ControlLoop loop) {
        synchronized (changing) {
            synchronized (this) {
                if (loops.get(loop.config().loop()) != loop || loop.config().mode() != LoopMode.AUTOTUNE) {
                    return java.util.Optional.empty(); // removed, or its mode was set by someone else: that choice stands
                }
            }
            LoopMode back = loop.modeAfterAutotune() != null ? loop.modeAfterAutotune() : LoopMode.AUTO;
            Outcome outcome = change(loop.config().loop(), LoopConfigChange.mode(back));
            if (!outcome.accepted()) {
                // The mode it had is refused now (its actuator left the manifest, say): off commands nothing and is
                // always safe, so it is applied without the rules.
                LOG.warnf("Loop %s: cannot return to %s after its autotune (%s); it is off", loop.config().loop(), back.code(), outcome.reason());
                outcome = commit(loop.config().loop(), withMode(loop.config(), LoopMode.OFF));
                if (!outcome.accepted()) {
                    loop.reconfigure(withMode(loop.config(), LoopMode.OFF)); // not even stored: off in memory all the same
                    return java.util.Optional.of(loop.config());
                }
            }
            return java.util.Optional.ofNullable(outcome.config());
        }
    }

    private List<LoopConfig> configsWith(String id, LoopConfig next) {
        List<LoopConfig> configs = new ArrayList<>();
        for (ControlLoop l : loops.values()) {
            if (!l.config().loop().equals(id)) {
                configs.add(l.config());
            }
        }
        if (next != null) {
            configs.add(next);
        }
        return configs;
    }

    /** Null when stored, else why not. */
    private String save(List<LoopConfig> configs, TreeSet<String> removedIds) {
        try {
            store.save(new LoopStore.Contents(configs, removedIds));
            return null;
        } catch (RuntimeException e) {
            LOG.errorf(e, "Could not store the loops in %s", store.file());
            return "control-service could not store the change: " + e.getMessage();
        }
    }

    private static LoopConfig withMode(LoopConfig c, LoopMode mode) {
        return new LoopConfig(c.loop(), c.kind(), c.sensor(), c.actuator(), mode, c.setpoint(), c.setpointMin(), c.setpointMax(), c.kp(),
                c.ki(), c.kd(), c.outputMin(), c.outputMax(), c.manualOutput(), c.sampleMs(), c.coldTolerance(), c.hotTolerance(),
                c.minCycleMs(), c.holdMs(), c.cycleMs());
    }

    private static LoopConfig fromConfiguration(String id, LoopsConfig.Loop c) {
        LoopKind kind = Coded.of(LoopKind.class, c.kind())
                .orElseThrow(() -> new IllegalStateException("hearth.control.loops." + id + ".kind must be " + Coded.codes(LoopKind.class)));
        LoopMode mode = Coded.of(LoopMode.class, c.mode())
                .orElseThrow(() -> new IllegalStateException("hearth.control.loops." + id + ".mode must be " + Coded.codes(LoopMode.class)));
        return new LoopConfig(id, kind, c.sensor(), c.actuator(), mode, c.setpoint(), c.setpointMin().orElse(null),
                c.setpointMax().orElse(null), c.kp().orElse(null), c.ki().orElse(null), c.kd().orElse(null), c.outputMin(), c.outputMax(),
                c.manualOutput().orElse(null), c.sample().toMillis(), c.coldTolerance().orElse(null), c.hotTolerance().orElse(null),
                c.minCycle().map(Duration::toMillis).orElse(null), c.hold().map(Duration::toMillis).orElse(null),
                c.cycle().map(Duration::toMillis).orElse(null));
    }
}
