package dev.hearth.edge.api;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import dev.hearth.edge.command.Commands;
import io.smallrye.common.annotation.Blocking;

/** Actuators: their current state, and commands from people (validated against the gateway's manifest). */
@Path("/api/actuators")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public class ActuatorsResource {

    /** What a person sends to command an actuator; {@code ttlMs} is optional. */
    public record CommandRequest(Double value, Long ttlMs) {
        static final String EXAMPLE = "{\"value\": 1, \"ttlMs\": 600000}";
    }

    private final HomeView home;
    private final Commands commands;
    private final RequestBodies bodies;

    public ActuatorsResource(HomeView home, Commands commands, RequestBodies bodies) {
        this.home = home;
        this.commands = commands;
        this.bodies = bodies;
    }

    @GET
    @Operation(operationId = "listActuators", summary = "Every actuator of the home with its current state")
    public List<HomeView.ActuatorView> list() {
        return home.actuators();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getActuator", summary = "One actuator with its current state")
    public HomeView.ActuatorView get(@PathParam("id") String id) {
        return home.actuator(id).orElseThrow(() -> Problem.notFound("No actuator '" + id + "' in any gateway's manifest"));
    }

    @POST
    @Path("/{id}/commands")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("operator")
    @Blocking
    @Operation(operationId = "commandActuator", summary = "Command an actuator: {\"value\":1,\"ttlMs\":600000}; answers 202 with the command id")
    public Response command(@PathParam("id") String id,
            @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = CommandRequest.class))) String body, @Context SecurityContext security) {
        HomeView.ActuatorView actuator = get(id); // an unknown actuator is a 404 whatever the body
        CommandRequest request = bodies.read(body, CommandRequest.class, CommandRequest.EXAMPLE);
        CompletableFuture<dev.hearth.contract.payload.Command> sending;
        try {
            sending = commands.send(actuator, request.value(), request.ttlMs(), security.getUserPrincipal().getName());
        } catch (Commands.Refused e) {
            throw Problem.badRequest(e.getMessage());
        }
        try {
            return Response.accepted(Map.of("id", sending.get(10, TimeUnit.SECONDS).id())).build();
        } catch (java.util.concurrent.TimeoutException e) {
            // It may still reach the broker: say so rather than invite a second command.
            throw new Problem(Response.Status.GATEWAY_TIMEOUT, "The broker did not acknowledge the command within 10 s; it may still arrive");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Problem(Response.Status.SERVICE_UNAVAILABLE, "Interrupted while sending the command");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new Problem(Response.Status.SERVICE_UNAVAILABLE, "The broker did not accept the command: " + e.getCause().getMessage());
        }
    }
}
