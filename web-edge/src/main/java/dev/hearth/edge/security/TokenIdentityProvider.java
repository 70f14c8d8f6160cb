package dev.hearth.edge.security;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.edge.store.TokenStore;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;

/** {@code Authorization: Bearer hth_…}: the token's owner, with the owner's current role. */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    /** "Last used" is written at most this often per token, not on every request. */
    static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final TokenStore tokens;
    private final SecretHasher hasher;

    public TokenIdentityProvider(TokenStore tokens, SecretHasher hasher) {
        this.tokens = tokens;
        this.hasher = hasher;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        TokenFormat.Presented presented = TokenFormat.parse(request.getToken().getToken()).orElse(null);
        if (presented == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("not a Hearth API token"));
        }
        return tokens.findWithOwner(presented.id()).chain(found -> {
            if (found == null) {
                // As long as a wrong secret takes: the answer's time does not tell which token ids exist.
                return hasher.matches("token:decoy", presented.secret(), hasher.decoyHash())
                        .chain(ignored -> Uni.createFrom().failure(new AuthenticationFailedException("unknown or revoked token")));
            }
            return hasher.matches("token:" + presented.id(), presented.secret(), found.token().secretHash).chain(ok -> {
                if (!ok) {
                    return Uni.createFrom().failure(new AuthenticationFailedException("unknown or revoked token"));
                }
                SecurityIdentity identity = Identities.ofToken(found.owner(), presented.id());
                Instant now = Instant.now();
                Instant last = found.token().lastUsedAt;
                if (last != null && last.plus(TOUCH_EVERY).isAfter(now)) {
                    return Uni.createFrom().item(identity);
                }
                return tokens.touch(presented.id(), now).onFailure().recoverWithNull().replaceWith(identity);
            });
        });
    }
}
