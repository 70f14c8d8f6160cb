package dev.hearth.edge.security;

import java.net.URI;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.hearth.edge.api.Problem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;

/**
 * A browser sends the dashboard's session cookie with any request to Hearth, also one another site's page makes. Two
 * fences keep such requests out:
 * <ul>
 * <li>a WebSocket handshake or a write (POST, PUT, PATCH, DELETE, the login form included) whose {@code Origin} is
 * not Hearth's own is refused, whatever its credentials (programs send no {@code Origin});</li>
 * <li>a write authenticated by the cookie also needs the {@code X-Requested-With} header, which a cross-site page
 * cannot add without a CORS preflight that Hearth never grants (for browsers that send no {@code Origin}).</li>
 * </ul>
 * The cookie is also {@code SameSite=Strict}; these fences hold for browsers that ignore it.
 */
@ApplicationScoped
public class CrossSiteGuard {

    public static final String REQUESTED_WITH = "X-Requested-With";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final CurrentIdentityAssociation identities;

    public CrossSiteGuard(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /**
     * Before authentication: a WebSocket handshake, or any write (the login form's included), that a browser sends
     * from another site's page is refused, whatever credentials the browser adds by itself (a cookie, or Basic
     * credentials it remembers from a prompt).
     */
    void foreignOrigins(@Observes Filters filters) {
        filters.register(rc -> {
            boolean guarded = rc.normalizedPath().startsWith("/ws/") || !SAFE_METHODS.contains(rc.request().method().name());
            if (guarded && !sameOrigin(rc.request().getHeader("Origin"), rc.request().getHeader("Host"))) {
                rc.response().setStatusCode(403).putHeader("Content-Type", Problem.TYPE)
                        .end(Problem.json(Response.Status.FORBIDDEN, "Refused: this request comes from another site's page"));
                return;
            }
            rc.next();
        }, 100_000);
    }

    @ServerRequestFilter
    public Optional<Response> cookieWrites(ContainerRequestContext request) {
        if (SAFE_METHODS.contains(request.getMethod())) {
            return Optional.empty();
        }
        SecurityIdentity identity = identities.getIdentity();
        if (identity == null || identity.isAnonymous() || !Identities.bySession(identity)) {
            return Optional.empty();
        }
        String requestedWith = request.getHeaderString(REQUESTED_WITH);
        if (requestedWith == null || requestedWith.isBlank()
                || !sameOrigin(request.getHeaderString("Origin"), request.getHeaderString("Host"))) {
            return Optional.of(new Problem(Response.Status.FORBIDDEN,
                    "Cross-site request refused: a write with the session cookie needs the X-Requested-With header and Hearth's own Origin")
                    .getResponse());
        }
        return Optional.empty();
    }

    /** No Origin (not a browser, or a same-origin GET) is fine; otherwise its host and port must be the Host's. */
    static boolean sameOrigin(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (host == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false;
            }
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            String defaultPort = "https".equals(uri.getScheme()) ? ":443" : ":80";
            return authority.equalsIgnoreCase(host) || (authority + defaultPort).equalsIgnoreCase(host)
                    || authority.equalsIgnoreCase(host + defaultPort);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
