package dev.hearth.edge.security;

/**
 * A user's access changed (deleted, or a new role or password) or one of their tokens was revoked: what was opened
 * with it, a WebSocket for instance, should end. A CDI event, within this web-edge replica; other replicas refuse the
 * next command of such a socket (they read the user again) and end it when it closes.
 *
 * @param user the user whose access changed, or null
 * @param tokenId the revoked token, or null
 */
public record AccessChanged(String user, String tokenId) {

    public static AccessChanged ofUser(String user) {
        return new AccessChanged(user, null);
    }

    public static AccessChanged ofToken(String tokenId) {
        return new AccessChanged(null, tokenId);
    }
}
