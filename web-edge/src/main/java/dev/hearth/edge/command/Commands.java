package dev.hearth.edge.command;

import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.Command;
import dev.hearth.edge.api.HomeView;

/**
 * A person's command, from REST or the WebSocket, checked against the gateway's manifest and then published: one set
 * of rules for both doors.
 */
@ApplicationScoped
public class Commands {

    /** The longest a person's command may hold an output before it returns to failsafe: one day. */
    public static final long MAX_TTL_MS = 24L * 3600 * 1000;

    /** Why a command was not sent; {@code unknownActuator} is a 404 in REST, the rest a 400. */
    public static final class Refused extends Exception {
        private final boolean unknownActuator;

        Refused(String message, boolean unknownActuator) {
            super(message, null, false, false);
            this.unknownActuator = unknownActuator;
        }

        public boolean unknownActuator() {
            return unknownActuator;
        }
    }

    private final HomeView home;
    private final CommandPublisher publisher;

    public Commands(HomeView home, CommandPublisher publisher) {
        this.home = home;
        this.publisher = publisher;
    }

    /** Checks and sends; the future completes when the broker has the command (PUBACK) and fails when it cannot. */
    public CompletableFuture<Command> send(String actuatorId, Double value, Long ttlMs, String user) throws Refused {
        HomeView.ActuatorView actuator = home.actuator(actuatorId)
                .orElseThrow(() -> new Refused("No actuator '" + actuatorId + "' in any gateway's manifest", true));
        return send(actuator, value, ttlMs, user);
    }

    /** The same, for an actuator already looked up. */
    public CompletableFuture<Command> send(HomeView.ActuatorView actuator, Double value, Long ttlMs, String user) throws Refused {
        String actuatorId = actuator.id();
        if (value == null || !Double.isFinite(value)) {
            throw new Refused("'value' must be a finite number", false);
        }
        if (value < actuator.min() || value > actuator.max()) {
            throw new Refused("'value' " + value + " is outside " + actuator.min() + ".." + actuator.max() + " of " + actuatorId, false);
        }
        if (actuator.kind() == ActuatorKind.RELAY && value != actuator.min() && value != actuator.max()) {
            // The gateway would switch it to the nearer end; a person asking for 0.5 of a lamp is told instead.
            throw new Refused("'value' " + value + ": " + actuatorId + " is a relay, off (" + actuator.min() + ") or on ("
                    + actuator.max() + ")", false);
        }
        if (ttlMs != null && (ttlMs <= 0 || ttlMs > MAX_TTL_MS)) {
            throw new Refused("'ttlMs' must be a whole number of milliseconds from 1 to " + MAX_TTL_MS, false);
        }
        return publisher.send(actuatorId, value, ttlMs, user);
    }
}
