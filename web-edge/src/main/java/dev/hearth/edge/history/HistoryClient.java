package dev.hearth.edge.history;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.ClientHeaderParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** history-service's query API ({@code quarkus.rest-client.history.url}, from {@code HEARTH_HISTORY_URL}). */
@RegisterRestClient(configKey = "history")
@ClientHeaderParam(name = "Authorization", value = "Bearer ${hearth.history.service-token}")
@Path("/history")
public interface HistoryClient {

    @GET
    @Path("/{kind}/{id}")
    Uni<Response> series(@PathParam("kind") String kind, @PathParam("id") String id, @QueryParam("from") String from,
            @QueryParam("to") String to, @QueryParam("step") String step, @QueryParam("agg") String agg,
            @HeaderParam("Accept") String accept);
}
