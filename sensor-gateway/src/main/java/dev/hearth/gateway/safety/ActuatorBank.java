package dev.hearth.gateway.safety;

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
 */
public final class ActuatorBank {

    /** An output's fixed description. */
    public record Spec(String id, double min, double max, double failsafe, String unit) {
    }

    /** What became of a command: the change it made, or why it was refused. */
    public record Outcome(ActuatorChange change, String rejection) {
        static Outcome applied(ActuatorChange change) {
            return new Outcome(change, null);
        }

        static Outcome rejected(String reason) {
            return new Outcome(null, reason);
        }

        public boolean accepted() {
            return rejection == null;
        }
    }

    private static final class Output {
        final Spec spec;
        double value;
        Instant expiresAt;
        ActuatorChange last;

        Output(Spec spec) {
            this.spec = spec;
            this.value = spec.failsafe();
        }
    }

    private final Map<String, Output> outputs = new LinkedHashMap<>();
    private final LinkedHashSet<String> appliedIds = new LinkedHashSet<>();
    private final int rememberedIds;

    public ActuatorBank(Collection<Spec> specs, int rememberedIds) {
        specs.forEach(s -> outputs.put(s.id(), new Output(s)));
        this.rememberedIds = rememberedIds;
    }

    /** Every output at its failsafe value, as the gateway starts. */
    public synchronized List<ActuatorChange> start(Instant now) {
        return toFailsafe(Cause.STARTUP, now, true);
    }

    public synchronized Outcome apply(String actuator, Command command, Instant now) {
        Output out = outputs.get(actuator);
        if (out == null) {
            return Outcome.rejected("unknown actuator '" + actuator + "'");
        }
        if (!Double.isFinite(command.value()) || command.value() < out.spec.min() || command.value() > out.spec.max()) {
            return Outcome.rejected("value " + command.value() + " is outside " + out.spec.min() + ".." + out.spec.max()
                    + " of " + actuator);
        }
        Instant expiresAt = command.expiresAt();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return Outcome.rejected("command " + command.id() + " expired at " + expiresAt + " before it arrived");
        }
        if (!appliedIds.add(command.id())) {
            return Outcome.rejected("command " + command.id() + " was already applied");
        }
        if (appliedIds.size() > rememberedIds) {
            appliedIds.remove(appliedIds.iterator().next());
        }
        out.value = command.value();
        out.expiresAt = expiresAt;
        out.last = new ActuatorChange(actuator, command.value(), out.spec.unit(), now, Cause.COMMAND, command.id(),
                command.source());
        return Outcome.applied(out.last);
    }

    /** Returns the outputs whose command ran out, now back at their failsafe value. */
    public synchronized List<ActuatorChange> expire(Instant now) {
        List<ActuatorChange> changes = new ArrayList<>();
        for (Output out : outputs.values()) {
            if (out.expiresAt != null && !out.expiresAt.isAfter(now)) {
                changes.add(setFailsafe(out, Cause.EXPIRED, now));
            }
        }
        return changes;
    }

    /**
     * Every output to its failsafe value, for broker loss ({@code failsafe}) or shutdown ({@code shutdown}). Outputs
     * already there are reported only when {@code includeUnchanged}, so a long outage does not repeat itself.
     */
    public synchronized List<ActuatorChange> failsafeAll(Cause cause, Instant now, boolean includeUnchanged) {
        return toFailsafe(cause, now, includeUnchanged);
    }

    private List<ActuatorChange> toFailsafe(Cause cause, Instant now, boolean includeUnchanged) {
        List<ActuatorChange> changes = new ArrayList<>();
        for (Output out : outputs.values()) {
            if (includeUnchanged || out.value != out.spec.failsafe() || out.expiresAt != null) {
                changes.add(setFailsafe(out, cause, now));
            }
        }
        return changes;
    }

    private static ActuatorChange setFailsafe(Output out, Cause cause, Instant now) {
        out.value = out.spec.failsafe();
        out.expiresAt = null;
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
