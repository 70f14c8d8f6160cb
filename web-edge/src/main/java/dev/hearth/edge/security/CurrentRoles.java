package dev.hearth.edge.security;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.edge.store.TokenStore;
import dev.hearth.edge.store.UserStore;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * A WebSocket keeps the identity of its handshake for as long as it stays open; before it acts on a command, this
 * reads the user (or the token and its owner) again, so a demoted or deleted user, a user with a new password, or a
 * revoked token, is refused at once, as on REST.
 */
@ApplicationScoped
public class CurrentRoles {

    private final UserStore users;
    private final TokenStore tokens;

    public CurrentRoles(UserStore users, TokenStore tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    /** The identity's role as the database says now; empty when its user or token is gone. */
    public Uni<Optional<Role>> now(SecurityIdentity identity) {
        if (Identities.byToken(identity)) {
            String tokenId = identity.getAttribute(Identities.TOKEN_ID);
            return tokens.findWithOwner(tokenId).map(found -> found == null ? Optional.empty() : Role.of(found.owner().role));
        }
        String nonce = identity.getAttribute(Identities.SESSION_NONCE);
        // A new password (on any replica) replaces the nonce: a socket opened with the old one acts no more.
        return users.find(identity.getPrincipal().getName())
                .map(user -> user == null || !SessionNonce.matches(nonce, user.sessionNonce) ? Optional.empty() : Role.of(user.role));
    }
}
