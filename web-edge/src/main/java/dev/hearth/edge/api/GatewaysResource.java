package dev.hearth.edge.api;

import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** Gateways: online or offline, and what each offers. */
@Path("/api/gateways")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public class GatewaysResource {

    private final HomeView home;

    public GatewaysResource(HomeView home) {
        this.home = home;
    }

    @GET
    @Operation(operationId = "listGateways", summary = "Every gateway with its status and manifest")
    public List<HomeView.GatewayView> list() {
        return home.gateways();
    }
}
