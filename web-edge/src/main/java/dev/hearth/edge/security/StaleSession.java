package dev.hearth.edge.security;

import java.util.Map;

import io.quarkus.security.AuthenticationFailedException;

/**
 * A dashboard session that no longer counts: its user is gone or has a new password. Told apart from wrong
 * credentials (by an attribute: Quarkus's exception is final) because the browser sends it with every request, the
 * dashboard's own page included: the answer clears the cookies instead of asking for a password
 * ({@code api.ProblemMapper}).
 */
public final class StaleSession {

    private static final String ATTRIBUTE = "hearth.stale-session";

    private StaleSession() {
    }

    static AuthenticationFailedException failure(String message) {
        return new AuthenticationFailedException(message, Map.of(ATTRIBUTE, Boolean.TRUE));
    }

    public static boolean is(Throwable failure) {
        return failure instanceof AuthenticationFailedException e && Boolean.TRUE.equals(e.getAttribute(ATTRIBUTE));
    }
}
