package dev.hearth.gateway.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import dev.hearth.contract.payload.Cause;
import dev.hearth.contract.payload.Command;

/**
 * The safety rules of the contract for every output, in plain Java: range checks, command expiry, duplicate ids, and
 * failsafe values on expiry, broker loss and shutdown. It decides; the caller drives the hardware and publishes.
 *
 * <p>A command's lifetime is measured on the gateway's own monotonic clock from its arrival. It ends at the earlier of
 * {@code ts + ttlMs} and arrival + {@code ttlMs}, and never later than the output's maximum command lifetime; a command
 * without {@code ttlMs} lives that maximum. So neither a {@code ts} in the future (a Pi without a clock chip before NTP,
 * or a crafted command) nor a wall-clock jump keeps a heater on; a {@code ts} further ahead than the tolerated skew is
 * refused outright.
 */
public final class ActuatorBank {

    /**
     * An output's fixed description. {@code maxLifetime} null: a command may hold it indefinitely. {@code minOn} and
     * {@code minOff} (null: none) apply to an on/off output: it is not switched again sooner than that after its last
     * switch, whoever asks, except to go to its failsafe value, which is never delayed.
     */
    public record Spec(String id, double min, double max, double failsafe, String unit, Duration maxLifetime, boolean onOff,
            Duration minOn, Duration minOff) {

        public Spec(String id, double min, double max, double failsafe, String unit) {
            this(id, min, max, failsafe, unit, null);
        }

        public Spec(String id, double min, double max, double failsafe, String unit, Duration maxLifetime) {
            this(id, min, max, failsafe, unit, maxLifetime, false, null, null);
        }

        boolean isOn(double value) {
            return value > (min + max) / 2;
        }
    }

    /** A command held back because its relay switched too recently; applied once it may, unless it expires first. */
    private record Deferred(double value, long expiresAtMs, String command, String source) {
    }

    /** What became of a command: the change it made, or why it was refused. */
    public record Outcome(ActuatorChange change, String rejection) {
        static Outcome applied(ActuatorChange change) {
            return new Outcome(change, null);
        }

        static Outcome rejected(String reason) {
            return new Outcome(null, reason);
        }

        /** Accepted, but held back: the relay switched too recently. The change comes from {@link #expire} later. */
        static Outcome deferred() {
            return new Outcome(null, null);
        }

        public boolean accepted() {
            return rejection == null;
        }
    }

    private static final class Output {
        final Spec spec;
        double value;
        /** On the monotonic clock, in ms; {@link Long#MAX_VALUE}: no expiry. */
        long expiresAtMs = Long.MAX_VALUE;
        ActuatorChange last;
        long lastSwitchMs = Long.MIN_VALUE;
        Deferred deferred;

        /** Whether switching an on/off output to {@code value} now would come sooner than its minimum on or off time. */
        boolean tooSoonFor(double value, long monoMs) {
            if (!spec.onOff() || spec.isOn(value) == spec.isOn(this.value) || lastSwitchMs == Long.MIN_VALUE) {
                return false;
            }
            Duration min = spec.isOn(this.value) ? spec.minOn() : spec.minOff();
            return min != null && monoMs - lastSwitchMs < min.toMillis();
        }

        void set(double next, long monoMs) {
            if (spec.onOff() && spec.isOn(next) != spec.isOn(value)) {
                lastSwitchMs = monoMs;
            }
            value = next;
        }

        Output(Spec spec) {
            this.spec = spec;
            this.value = spec.failsafe();
        }
    }

    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private final LinkedHashSet<String> appliedIds = new LinkedHashSet<>();
    private final int rememberedIds;
    private final Duration clockSkew;

    public ActuatorBank(Collection<Spec> specs, int rememberedIds) {
        this(specs, rememberedIds, Duration.ofSeconds(30));
    }

    /** {@code clockSkew}: how far a command's {@code ts} may be ahead of the gateway's clock and still be taken. */
    public ActuatorBank(Collection<Spec> specs, int rememberedIds, Duration clockSkew) {
        specs.forEach(s -> outputs.put(s.id(), new Output(s)));
        this.rememberedIds = rememberedIds;
        this.clockSkew = clockSkew;
    }

    /** Whether {@code actuator} is one of the outputs; the set is fixed at construction, so no lock is needed. */
    public boolean has(String actuator) {
        return outputs.containsKey(actuator);
    }

    /** Every output at its failsafe value, as the gateway starts. */
    public synchronized List<ActuatorChange> start(Instant now, long monoMs) {
        return toFailsafe(Cause.STARTUP, now, monoMs, true);
    }

    /** Applies {@code command}, arrived at wall-clock {@code now} and monotonic {@code monoMs}, or says why not. */
    public synchronized Outcome apply(String actuator, Command command, Instant now, long monoMs) {
        Output out = outputs.get(actuator);
        if (out == null) {
            return Outcome.rejected("unknown actuator '" + actuator + "'");
        }
        if (!Double.isFinite(command.value()) || command.value() < out.spec.min() || command.value() > out.spec.max()) {
            return Outcome.rejected("value " + command.value() + " is outside " + out.spec.min() + ".." + out.spec.max()
                    + " of " + actuator);
        }
        if (command.ts().isAfter(now.plus(clockSkew))) {
            return Outcome.rejected("command " + command.id() + " is stamped " + command.ts() + ", more than " + clockSkew.toSeconds()
                    + " s ahead of the gateway's clock (" + now + ")");
        }
        Long ttlMs = ttlMs(out.spec, command);
        Instant expiresAt = ttlMs == null ? null : command.ts().plusMillis(ttlMs);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return Outcome.rejected("command " + command.id() + " expired at " + expiresAt + " before it arrived");
        }
        long lifetimeMs = lifetimeMs(out.spec, ttlMs, command.ts(), now);
        if (!appliedIds.add(command.id())) {
            return Outcome.rejected("command " + command.id() + " was already applied");
        }
        if (appliedIds.size() > rememberedIds) {
            appliedIds.remove(appliedIds.iterator().next());
        }
        long expiresAtMs = lifetimeMs == Long.MAX_VALUE ? Long.MAX_VALUE : monoMs + lifetimeMs;
        // A relay is off or on: a value between is applied as the end it is nearer to, and reported so, as the pin is.
        double value = out.spec.onOff() ? (out.spec.isOn(command.value()) ? out.spec.max() : out.spec.min()) : command.value();
        if (out.tooSoonFor(value, monoMs)) {
            out.deferred = new Deferred(value, expiresAtMs, command.id(), command.source());
            return Outcome.deferred();
        }
        out.deferred = null;
        out.set(value, monoMs);
        out.expiresAtMs = expiresAtMs;
        out.last = new ActuatorChange(actuator, value, out.spec.unit(), now, Cause.COMMAND, command.id(), command.source());
        return Outcome.applied(out.last);
    }

    /**
     * The command's ttlMs, or without one the output's maximum (null for neither): counted from its ts as a ttlMs is, so
     * that one published retained, or kept by a bridge that sends it again at each reconnect, is refused once that old.
     */
    private static Long ttlMs(Spec spec, Command command) {
        return command.ttlMs() != null ? command.ttlMs() : spec.maxLifetime() == null ? null : spec.maxLifetime().toMillis();
    }

    /** The earlier of ts + ttl and arrival + ttl, never more than the output's maximum from arrival; MAX_VALUE for neither. */
    private static long lifetimeMs(Spec spec, Long ttlMs, Instant ts, Instant now) {
        if (ttlMs == null) {
            return Long.MAX_VALUE;
        }
        long sinceTs = Math.max(0, Duration.between(ts, now).toMillis());
        long lifetime = ttlMs - sinceTs;
        if (spec.maxLifetime() != null) {
            lifetime = Math.min(lifetime, spec.maxLifetime().toMillis());
        }
        return lifetime;
    }

    /**
     * Returns the outputs whose command ran out by monotonic {@code monoMs}, now back at their failsafe value, and the
     * held-back commands whose relay may now switch, now applied.
     */
    public synchronized List<ActuatorChange> expire(Instant now, long monoMs) {
        List<ActuatorChange> changes = new ArrayList<>();
        for (Output out : outputs.values()) {
            if (out.expiresAtMs != Long.MAX_VALUE && out.expiresAtMs <= monoMs) {
                changes.add(setFailsafe(out, Cause.EXPIRED, now, monoMs));
            } else if (out.deferred != null && out.deferred.expiresAtMs() <= monoMs) {
                out.deferred = null; // it ran out while it waited
            } else if (out.deferred != null && !out.tooSoonFor(out.deferred.value(), monoMs)) {
                Deferred d = out.deferred;
                out.deferred = null;
                out.set(d.value(), monoMs);
                out.expiresAtMs = d.expiresAtMs();
                out.last = new ActuatorChange(out.spec.id(), d.value(), out.spec.unit(), now, Cause.COMMAND, d.command(), d.source());
                changes.add(out.last);
            }
        }
        return changes;
    }

    /**
     * Every output to its failsafe value, for broker loss ({@code failsafe}) or shutdown ({@code shutdown}). Outputs
     * already there are reported only when {@code includeUnchanged}, so a long outage does not repeat itself.
     */
    public synchronized List<ActuatorChange> failsafeAll(Cause cause, Instant now, long monoMs, boolean includeUnchanged) {
        return toFailsafe(cause, now, monoMs, includeUnchanged);
    }

    private List<ActuatorChange> toFailsafe(Cause cause, Instant now, long monoMs, boolean includeUnchanged) {
        List<ActuatorChange> changes = new ArrayList<>();
        for (Output out : outputs.values()) {
            if (includeUnchanged || out.value != out.spec.failsafe() || out.expiresAtMs != Long.MAX_VALUE) {
                changes.add(setFailsafe(out, cause, now, monoMs));
            }
            out.deferred = null; // a command held back before the failsafe must not switch the output after it
        }
        return changes;
    }

    /** Failsafe is a switch like any other: the relay's minimum off time counts from it. */
    private static ActuatorChange setFailsafe(Output out, Cause cause, Instant now, long monoMs) {
        out.set(out.spec.failsafe(), monoMs);
        out.expiresAtMs = Long.MAX_VALUE;
        out.deferred = null;
        out.last = new ActuatorChange(out.spec.id(), out.value, out.spec.unit(), now, cause, null, null);
        return out.last;
    }

    public synchronized double value(String actuator) {
        return outputs.get(actuator).value;
    }

    /** The latest change of every output, to republish after a reconnect. */
    public synchronized List<ActuatorChange> current() {
        return outputs.values().stream().map(o -> o.last).filter(c -> c != null).toList();
    }
}
