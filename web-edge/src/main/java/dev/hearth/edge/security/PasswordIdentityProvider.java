package dev.hearth.edge.security;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.edge.store.UserStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.core.Vertx;

/** A user name and password, from HTTP Basic or the dashboard's login form, checked against {@code app_user}. */
@ApplicationScoped
public class PasswordIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(PasswordIdentityProvider.class);

    private final UserStore users;
    private final SecretHasher hasher;
    private final LoginThrottle throttle;
    private final Vertx vertx;
    private final MeterRegistry metrics;

    public PasswordIdentityProvider(UserStore users, SecretHasher hasher, LoginThrottle throttle, Vertx vertx, MeterRegistry metrics) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.vertx = vertx;
        this.metrics = metrics;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        String name = request.getUsername();
        String password = new String(request.getPassword().getPassword());
        Duration wait = throttle.reserve(Instant.now(), name);
        if (wait == null) {
            metrics.counter("hearth.edge.logins.refused").increment();
            return Uni.createFrom().failure(new AuthenticationFailedException("too many attempts for this user: wait"));
        }
        if (!wait.isZero()) {
            metrics.counter("hearth.edge.logins.held").increment();
        }
        AtomicReference<String> nonce = SessionNonce.sendOnLogin(HttpSecurityUtils.getRoutingContextAttribute(request));
        return users.find(name).chain(user -> held(wait)
                .chain(() -> hasher.matches(name, password, user == null ? hasher.decoyHash() : user.passwordHash))
                .map(ok -> {
                    if (!ok || user == null) {
                        throttle.failed(Instant.now(), name);
                        metrics.counter("hearth.edge.logins.failed").increment();
                        // Not the name: people type their password into it by mistake.
                        LOG.infof("Failed login from %s", clientAddress(request));
                        throw new AuthenticationFailedException("wrong user name or password");
                    }
                    throttle.succeeded(name);
                    SecurityIdentity identity = Identities.of(user, Identities.PASSWORD);
                    if (nonce != null) {
                        nonce.set(user.sessionNonce);
                    }
                    return identity;
                }));
    }

    /** Waits on a Vert.x timer, so what follows stays on the request's context. */
    private Uni<Void> held(Duration wait) {
        if (wait.isZero()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(e -> vertx.getDelegate().setTimer(wait.toMillis(), id -> e.complete(null)));
    }

    private static String clientAddress(UsernamePasswordAuthenticationRequest request) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (rc == null || rc.request().remoteAddress() == null) {
            return "an unknown address";
        }
        return rc.request().remoteAddress().hostAddress();
    }
}
