package dev.hearth.edge.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** Control loops: the configuration control-service announces (retained) and the latest status of each. */
@Path("/api/loops")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public class LoopsResource {

    private final HomeView home;

    public LoopsResource(HomeView home) {
        this.home = home;
    }

    @GET
    @Operation(summary = "Every control loop with its configuration and latest status")
    public List<HomeView.LoopView> list() {
        return home.loops();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One control loop with its configuration and latest status")
    public HomeView.LoopView get(@PathParam("id") String id) {
        return home.loop(id).orElseThrow(() -> Problem.notFound("No loop '" + id + "': control-service has announced no such loop"));
    }
}
