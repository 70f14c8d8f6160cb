package dev.hearth.history.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import dev.hearth.history.api.Problem;

/**
 * Only web-edge may query history: every {@code /history} request must carry {@code Authorization: Bearer <token>}
 * with the service token from {@code hearth.history.service-token} (HEARTH_HISTORY_SERVICE_TOKEN; the single box makes
 * one per run, a Kubernetes Secret elsewhere). Anything else gets a 401 problem. Health and metrics stay open for
 * probes on the service's own port.
 */
public class ServiceTokenFilter {

    private final byte[] token;

    public ServiceTokenFilter(ServiceTokenConfig config) {
        String token = config.serviceToken();
        if (token.length() < 16) {
            throw new IllegalStateException("hearth.history.service-token (HEARTH_HISTORY_SERVICE_TOKEN) must have at least 16 characters");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @ServerRequestFilter
    public Optional<Response> requireToken(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.equals("/history") && !path.startsWith("/history/")) {
            return Optional.empty();
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.startsWith("Bearer ")
                // Constant time: the comparison does not tell how much of a guess was right.
                && MessageDigest.isEqual(authorization.substring(7).getBytes(StandardCharsets.UTF_8), token)) {
            return Optional.empty();
        }
        Response unauthorized = new Problem(Response.Status.UNAUTHORIZED,
                "history is answered to web-edge only: send its service token as 'Authorization: Bearer <token>'").getResponse();
        return Optional.of(Response.fromResponse(unauthorized).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"hearth-history\"").build());
    }
}
