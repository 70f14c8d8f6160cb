package dev.hearth.history.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place errors become answers: every one an RFC 9457 problem body. A {@link Problem} passes as it is; other
 * HTTP errors (404 of an unknown path, 405, 406, …) get a body; a database that cannot answer is a 503; anything
 * else is a 500 that says no more than that, with the cause in the log.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (e instanceof Problem) {
            return e.getResponse();
        }
        Response.Status status = Response.Status.fromStatusCode(e.getResponse().getStatus());
        return new Problem(status == null ? Response.Status.BAD_REQUEST : status, e.getMessage()).getResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (isDatabaseDown(e)) {
            LOG.warnf("A history query failed: the database did not answer (%s)", e.getMessage());
            return new Problem(Response.Status.SERVICE_UNAVAILABLE, "The history database is not reachable; try again shortly").getResponse();
        }
        LOG.error("A history query failed", e);
        return new Problem(Response.Status.INTERNAL_SERVER_ERROR, "The query failed unexpectedly; the service log says why").getResponse();
    }

    /**
     * A refused or dropped connection, a query that timed out, or PostgreSQL starting, stopping or out of connections
     * (SQLSTATE classes 08 and 57P, 53300).
     */
    private static boolean isDatabaseDown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P") || pg.getSqlState().equals("53300"))) {
                return true;
            }
        }
        return false;
    }
}
