package dev.hearth.edge.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Quarkus's {@code authenticated} policy for the paths outside {@code /api} ({@code /ws/live}, {@code /q/metrics},
 * {@code /q/openapi}), but refusing an anonymous caller by failing the request, so that web-edge's failure handler
 * answers with problem details and a Basic challenge like {@code /api} does. Quarkus's own policy sends the login
 * form's challenge instead: a 401 with no body and no {@code WWW-Authenticate}.
 */
@ApplicationScoped
public class SignedInPolicy implements HttpSecurityPolicy {

    public static final String NAME = "signed-in";

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
            AuthorizationRequestContext requestContext) {
        return identity.onItem().transformToUni(id -> id.isAnonymous() ? Uni.createFrom().failure(new UnauthorizedException())
                : CheckResult.permit());
    }

    @Override
    public String name() {
        return NAME;
    }
}
