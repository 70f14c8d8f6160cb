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

    public Loops(LoopsConfig config, Equipment equipment) {
        this.equipment = equipment;
        this.store = new LoopStore(Path.of(config.dataDir()));
        this.timing = new ControlLoop.Timing(config.clockSkew(), config.autotuneTimeout());
        LoopStore.Contents stored = store.load().orElse(new LoopStore.Contents(List.of(), new TreeSet<>()));
        removed.addAll(stored.removed());
        stored.loops().forEach(c -> loops.put(c.loop(), new ControlLoop(c, timing, equipment::isRelay)));
        config.loops().forEach((id, c) -> {
            c.staleAfter().ifPresent(d -> configuredStaleAfter.put(id, d));
            if (loops.containsKey(id) || removed.contains(id)) {
                return; // changed or removed at run time: the store wins
            }
            LoopConfig loop = fromConfiguration(id, c);
            try {
                LoopRules.validate(loop, new Equipment());
            } catch (InvalidLoop e) {
                throw new IllegalStateException("hearth.control.loops." + id + ": " + e.getMessage());
            }
            loops.put(id, new ControlLoop(loop, timing, equipment::isRelay));
        });
        LOG.infof("Loops: %s (stored in %s)", loops.keySet(), store.file());
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

    /** Applies {@code change} to loop {@code id}: validated against the rules and the equipment, stored, then live. */
    public synchronized Outcome change(String id, LoopConfigChange change) {
        ControlLoop current = loops.get(id);
        if (Boolean.TRUE.equals(change.remove())) {
            if (current == null) {
                return Outcome.refused(id, "there is no loop '" + id + "' to remove");
            }
            loops.remove(id);
            removed.add(id);
            save();
            return new Outcome(id, true, null, null);
        }
        LoopConfig next;
        try {
            next = LoopRules.validate(LoopRules.apply(id, current == null ? null : current.config(), change), equipment);
            for (ControlLoop other : loops.values()) {
                if (!other.config().loop().equals(id) && other.config().actuator().equals(next.actuator())) {
                    throw new InvalidLoop("actuator '" + next.actuator() + "' is already driven by loop '" + other.config().loop() + "'");
                }
            }
        } catch (InvalidLoop e) {
            return Outcome.refused(id, e.getMessage());
        }
        if (current == null) {
            loops.put(id, new ControlLoop(next, timing, equipment::isRelay));
            removed.remove(id);
        } else {
            current.reconfigure(next);
        }
        save();
        return new Outcome(id, true, null, next);
    }

    /** After an autotune ended: the loop returns to the mode it had; the new configuration, stored. */
    public synchronized LoopConfig endAutotune(ControlLoop loop) {
        LoopMode back = loop.modeAfterAutotune() != null ? loop.modeAfterAutotune() : LoopMode.AUTO;
        Outcome outcome = change(loop.config().loop(), LoopConfigChange.mode(back));
        if (!outcome.accepted()) {
            // The mode it had can no longer be (manual without an output, say): off is always safe.
            outcome = change(loop.config().loop(), LoopConfigChange.mode(LoopMode.OFF));
        }
        return outcome.config();
    }

    private void save() {
        store.save(new LoopStore.Contents(loops.values().stream().map(ControlLoop::config).toList(), new TreeSet<>(removed)));
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
