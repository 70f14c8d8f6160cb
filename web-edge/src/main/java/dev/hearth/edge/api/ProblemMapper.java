package dev.hearth.edge.api;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.hearth.edge.security.CrossSiteGuard;
import dev.hearth.edge.security.SessionCookies;
import dev.hearth.edge.security.SessionNonce;
import dev.hearth.edge.security.StaleSession;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;

/**
 * The one place where failures become RFC 9457 problem details ({@code application/problem+json}): everything a
 * resource throws, what Quarkus REST itself refuses (404, 405, 406, 415), security's 401 and 403, and credentials that
 * fail before any resource runs. A failure nobody expected is logged with an id that the answer repeats, and its
 * message stays in the log.
 */
@ApplicationScoped
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /**
     * Sent with a 401 so that curl and scripts know to use Basic, but not to the dashboard (it says so with
     * X-Requested-With) nor to its login form: a browser that sees the challenge opens its own password prompt.
     */
    static final String CHALLENGE = "Basic realm=\"hearth\", charset=\"UTF-8\"";
    static final String REQUESTED_WITH = CrossSiteGuard.REQUESTED_WITH;

    /** Which a stale session's answer clears. */
    @Inject
    SessionCookies sessionCookies;

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpHeaders headers) {
        return unauthorized(headers.getHeaderString(REQUESTED_WITH) == null);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpHeaders headers) {
        return unauthorized(headers.getHeaderString(REQUESTED_WITH) == null);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return new Problem(Response.Status.FORBIDDEN, "Your role does not allow this").getResponse();
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response response = e.getResponse();
        if (response.hasEntity()) {
            return response;
        }
        Response.StatusType status = response.getStatusInfo();
        Response.ResponseBuilder problem = Response.fromResponse(response).type(Problem.TYPE)
                .entity(new Problem.Body("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail(status.getStatusCode(), e)));
        return problem.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        String id = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure %s", id);
        return new Problem(Response.Status.INTERNAL_SERVER_ERROR, "Something went wrong inside web-edge; its log has the details under " + id)
                .getResponse();
    }

    /**
     * Credentials that fail before JAX-RS (wrong Basic password, unknown token) never reach the mappers above; nor does
     * a failure while checking them (the database away), nor a missing user outside /api: a 401, or a 503 under /api.
     */
    void failedCredentials(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(rc -> {
            if (rc.response().ended() || rc.response().headWritten()) {
                rc.next();
            } else if (StaleSession.is(rc.failure())) {
                // Sent by the browser with every request, the dashboard's page and its logout included: clear it, and
                // send a page load back to the same address without it (the dashboard then shows its login).
                sessionCookies.expired().forEach(rc.response()::addCookie);
                HttpMethod method = rc.request().method();
                if ((method == HttpMethod.GET || method == HttpMethod.HEAD) && !rc.normalizedPath().startsWith("/api/")
                        && !rc.normalizedPath().equals("/session")) {
                    rc.response().setStatusCode(303).putHeader(HttpHeaders.LOCATION, rc.request().uri()).end();
                } else {
                    rc.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, Problem.TYPE)
                            .end(Problem.json(Response.Status.UNAUTHORIZED, "Your session has ended: log in again"));
                }
            } else if (rc.failure() instanceof AuthenticationFailedException) {
                if (rc.request().getHeader(REQUESTED_WITH) == null && !SessionNonce.isLoginPath(rc)) {
                    rc.response().putHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
                }
                rc.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, Problem.TYPE)
                        .end(Problem.json(Response.Status.UNAUTHORIZED, "Wrong user name, password or token"));
            } else if (rc.failure() instanceof UnauthorizedException) {
                // No credentials where a user is needed outside /api (security.SignedInPolicy): as under /api. No
                // challenge to a WebSocket handshake, which a browser cannot mark as the dashboard's: its reconnect
                // with an expired cookie would bring up the browser's password box instead of the dashboard's login.
                boolean handshake = "websocket".equalsIgnoreCase(rc.request().getHeader("Upgrade"));
                if (rc.request().getHeader(REQUESTED_WITH) == null && !handshake) {
                    rc.response().putHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
                }
                rc.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, Problem.TYPE)
                        .end(Problem.json(Response.Status.UNAUTHORIZED, LOG_IN));
            } else if (rc.failure() != null && rc.normalizedPath().startsWith("/api/")) {
                String id = UUID.randomUUID().toString();
                LOG.errorf(rc.failure(), "Could not check credentials (%s)", id);
                rc.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, Problem.TYPE)
                        .end(Problem.json(Response.Status.SERVICE_UNAVAILABLE,
                                "Credentials cannot be checked right now (is the database up?); the log has " + id));
            } else {
                rc.next();
            }
        });
    }

    private static final String LOG_IN = "Log in: HTTP Basic, a bearer token (Authorization: Bearer hth_…) or the dashboard's session";

    private static Response unauthorized(boolean challenge) {
        Response problem = new Problem(Response.Status.UNAUTHORIZED, LOG_IN).getResponse();
        return challenge ? Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build() : problem;
    }

    private static String detail(int status, WebApplicationException e) {
        return switch (status) {
            case 404 -> "No such resource";
            case 405 -> "This resource does not take that method";
            case 406 -> "This resource cannot answer in a type the Accept header allows";
            case 415 -> "Send the body as application/json";
            default -> e.getMessage();
        };
    }
}
