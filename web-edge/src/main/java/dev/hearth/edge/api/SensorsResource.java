package dev.hearth.edge.api;

import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

/** Sensors: their metadata from the gateways' manifests, the latest reading and whether it is stale. */
@Path("/api/sensors")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public class SensorsResource {

    private final HomeView home;

    public SensorsResource(HomeView home) {
        this.home = home;
    }

    @GET
    @Operation(operationId = "listSensors", summary = "Every sensor of the home with its latest reading")
    public List<HomeView.SensorView> list() {
        return home.sensors(Instant.now());
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getSensor", summary = "One sensor with its latest reading")
    public HomeView.SensorView get(@PathParam("id") String id) {
        return home.sensor(id, Instant.now()).orElseThrow(() -> Problem.notFound("No sensor '" + id + "' in any gateway's manifest"));
    }
}
