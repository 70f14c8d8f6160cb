package dev.hearth.edge.api;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import dev.hearth.edge.history.HistoryClient;
import io.smallrye.mutiny.Uni;

/**
 * History for people and the dashboard: history-service's answer, passed through (its problem details included),
 * behind web-edge's authentication. history-service itself is never exposed.
 */
@Path("/api/history")
@RolesAllowed("viewer")
public class HistoryResource {

    private static final Logger LOG = Logger.getLogger(HistoryResource.class);

    private final HistoryClient history;

    public HistoryResource(@RestClient HistoryClient history) {
        this.history = history;
    }

    @GET
    @Path("/{kind}/{id}")
    @Produces({MediaType.APPLICATION_JSON, "text/csv;qs=0.5"})
    @Operation(operationId = "getHistory", summary = "A sensor's or actuator's series in buckets of `step` (time-weighted avg, min, max, last, count), "
            + "default the last 24 hours in about 1,000 buckets; CSV with Accept: text/csv")
    public Uni<Response> series(@PathParam("kind") String kind, @PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("step") String step, @QueryParam("agg") String agg,
            @HeaderParam("Accept") String accept) {
        if (!kind.equals("sensors") && !kind.equals("actuators")) {
            throw Problem.notFound("No series kind '" + kind + "': use sensors or actuators");
        }
        // The caller's Accept as it is: history-service weighs it (q-values included) against JSON and CSV itself.
        String wanted = accept == null || accept.isBlank() ? MediaType.APPLICATION_JSON : accept;
        return history.series(kind, id, from, to, step, agg, wanted)
                .map(HistoryResource::relay)
                .onFailure(WebApplicationException.class).recoverWithItem(failure -> relay(((WebApplicationException) failure).getResponse()))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("history-service did not answer: %s", failure.toString());
                    return new Problem(Response.Status.SERVICE_UNAVAILABLE, "The history service is not reachable; try again shortly")
                            .getResponse();
                });
    }

    /** history-service's answer as web-edge's own: same status, type, body and (for CSV) file name. */
    private static Response relay(Response answer) {
        Response.ResponseBuilder relayed = Response.status(answer.getStatus()).type(answer.getMediaType())
                .entity(answer.readEntity(String.class));
        String disposition = answer.getHeaderString("Content-Disposition");
        return (disposition == null ? relayed : relayed.header("Content-Disposition", disposition)).build();
    }
}
