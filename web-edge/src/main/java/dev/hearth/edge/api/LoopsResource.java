package dev.hearth.edge.api;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import dev.hearth.contract.payload.LoopConfigChange;
import dev.hearth.contract.payload.LoopConfigResult;
import dev.hearth.contract.payload.LoopMode;
import dev.hearth.edge.command.LoopChanges;
import io.smallrye.common.annotation.Blocking;

/** Control loops: the configuration control-service announces (retained) and the latest status of each. */
@Path("/api/loops")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public class LoopsResource {

    /**
     * What a person may change: setpoint, mode and manual output as an operator; limits, gains, timing and the
     * hysteresis and threshold settings as an admin. A loop's kind, sensor and actuator are not changed here.
     */
    public record LoopPatch(Double setpoint, LoopMode mode, Double manualOutput, Double setpointMin, Double setpointMax, Double kp,
            Double ki, Double kd, Double outputMin, Double outputMax, Long sampleMs, Double coldTolerance, Double hotTolerance,
            Long minCycleMs, Long holdMs, Long cycleMs) {
        static final String EXAMPLE = "{\"setpoint\":21.5}";

        boolean onlyOperatorFields() {
            return setpointMin == null && setpointMax == null && kp == null && ki == null && kd == null && outputMin == null
                    && outputMax == null && sampleMs == null && coldTolerance == null && hotTolerance == null && minCycleMs == null
                    && holdMs == null && cycleMs == null;
        }

        LoopConfigChange change() {
            return new LoopConfigChange(null, null, null, null, mode, setpoint, setpointMin, setpointMax, kp, ki, kd, outputMin, outputMax,
                    manualOutput, sampleMs, coldTolerance, hotTolerance, minCycleMs, holdMs, cycleMs, null);
        }
    }

    private final HomeView home;
    private final LoopChanges changes;
    private final RequestBodies bodies;

    public LoopsResource(HomeView home, LoopChanges changes, RequestBodies bodies) {
        this.home = home;
        this.changes = changes;
        this.bodies = bodies;
    }

    @GET
    @Operation(operationId = "listLoops", summary = "Every control loop with its configuration and latest status")
    public List<HomeView.LoopView> list() {
        return home.loops();
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getLoop", summary = "One control loop with its configuration and latest status")
    public HomeView.LoopView get(@PathParam("id") String id) {
        return home.loop(id).orElseThrow(() -> Problem.notFound("No loop '" + id + "': control-service has announced no such loop"));
    }

    @PATCH
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("operator")
    @Blocking
    @Operation(operationId = "changeLoop", summary = "Change a loop ({\"setpoint\":21.5}); answers the configuration control-service confirms, 400 with its "
            + "reason when it refuses, 504 when it does not answer")
    public HomeView.LoopView change(@PathParam("id") String id,
            @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = LoopPatch.class))) String body, @Context SecurityContext security) {
        get(id);
        LoopPatch patch = bodies.read(body, LoopPatch.class, LoopPatch.EXAMPLE);
        LoopConfigChange change = patch.change();
        if (!change.changesSomething()) {
            throw Problem.badRequest("The body changes nothing: give at least one of setpoint, mode, manualOutput, or (admin) the limits, "
                    + "gains and timings");
        }
        if (!patch.onlyOperatorFields() && !security.isUserInRole("admin")) {
            throw new Problem(Response.Status.FORBIDDEN, "Only an admin may change a loop's limits, gains and timings; an operator may "
                    + "change setpoint, mode and manualOutput");
        }
        LoopConfigResult result;
        try {
            result = changes.send(id, change).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                throw new Problem(Response.Status.GATEWAY_TIMEOUT, "control-service did not answer the change of '" + id + "' in time; "
                        + "it may still apply it: GET the loop to see");
            }
            throw new Problem(Response.Status.SERVICE_UNAVAILABLE, "The broker did not accept the change: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Problem(Response.Status.SERVICE_UNAVAILABLE, "Interrupted while waiting for control-service");
        }
        if (!result.accepted()) {
            throw Problem.badRequest("control-service refused the change: " + result.reason());
        }
        // control-service publishes the new configuration before its answer, and both came in order on one session.
        return get(id);
    }
}
