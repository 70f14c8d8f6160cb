package dev.hearth.edge.security;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.edge.store.UserStore;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;

/**
 * The dashboard's session cookie names a user who logged in earlier. The user is read again on every request, so a
 * deleted user's cookie stops working, a changed role applies at once, and a changed password ends the sessions opened
 * with the old one ({@link SessionNonce}).
 */
@ApplicationScoped
public class SessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    private final UserStore users;

    public SessionIdentityProvider(UserStore users) {
        this.users = users;
    }

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        String nonce = SessionNonce.of(HttpSecurityUtils.getRoutingContextAttribute(request));
        return users.find(request.getPrincipal()).map(user -> {
            if (user == null) {
                throw StaleSession.failure("the session's user no longer exists");
            }
            if (!SessionNonce.matches(nonce, user.sessionNonce)) {
                throw StaleSession.failure("the session was opened before the password changed");
            }
            return Identities.of(user, Identities.SESSION);
        });
    }
}
