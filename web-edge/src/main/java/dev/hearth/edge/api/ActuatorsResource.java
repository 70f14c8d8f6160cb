package dev.hearth.edge.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Context;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.hearth.edge.command.CommandPublisher;
import dev.hearth.edge.json.StrictJson;
import io.smallrye.common.annotation.Blocking;

/** Actuators: their current state, and commands from people (validated against the gateway's manifest). */
@Path("/api/actuators")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public class ActuatorsResource {

    /** The longest a person's command may hold an output before it returns to failsafe: one day. */
    static final long MAX_TTL_MS = 24L * 3600 * 1000;

    /** What a person sends to command an actuator; {@code ttlMs} is optional. */
    public record CommandRequest(Double value, Long ttlMs) {
        static final String EXAMPLE = "{\"value\": 1, \"ttlMs\": 600000}";
    }

    private final HomeView home;
    private final CommandPublisher commands;

    public ActuatorsResource(HomeView home, CommandPublisher commands) {
        this.home = home;
        this.commands = commands;
    }

    @GET
    @Operation(summary = "Every actuator of the home with its current state")
    public List<HomeView.ActuatorView> list() {
        return home.actuators();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One actuator with its current state")
    public HomeView.ActuatorView get(@PathParam("id") String id) {
        return home.actuator(id).orElseThrow(() -> Problem.notFound("No actuator '" + id + "' in any gateway's manifest"));
    }

    @POST
    @Path("/{id}/commands")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("operator")
    @Blocking
    @Operation(summary = "Command an actuator: {\"value\":1,\"ttlMs\":600000}; answers 202 with the command id")
    public Response command(@PathParam("id") String id, String body, @Context SecurityContext security) {
        HomeView.ActuatorView actuator = get(id);
        CommandRequest request;
        try {
            request = StrictJson.read("The body", body, CommandRequest.class, CommandRequest.EXAMPLE);
        } catch (StrictJson.BadInput e) {
            throw Problem.badRequest(e.getMessage());
        }
        if (request.value() == null || !Double.isFinite(request.value())) {
            throw Problem.badRequest("'value' must be a finite number");
        }
        double value = request.value();
        if (value < actuator.min() || value > actuator.max()) {
            throw Problem.badRequest("'value' " + value + " is outside " + actuator.min() + ".." + actuator.max() + " of " + id);
        }
        Long ttlMs = request.ttlMs();
        if (ttlMs != null && (ttlMs <= 0 || ttlMs > MAX_TTL_MS)) {
            throw Problem.badRequest("'ttlMs' must be a whole number of milliseconds from 1 to " + MAX_TTL_MS);
        }
        try {
            dev.hearth.contract.payload.Command sent = commands.send(id, value, ttlMs, security.getUserPrincipal().getName())
                    .get(10, TimeUnit.SECONDS);
            return Response.accepted(Map.of("id", sent.id())).build();
        } catch (Exception e) {
            throw new Problem(Response.Status.SERVICE_UNAVAILABLE, "The broker did not accept the command: " + e.getMessage());
        }
    }
}
