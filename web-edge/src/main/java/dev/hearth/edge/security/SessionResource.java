package dev.hearth.edge.security;

import java.util.Set;
import java.util.TreeSet;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;


import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerResponse;

/**
 * {@code /session}: lets the dashboard ask whether it is logged in without triggering the browser's Basic prompt,
 * and log out by expiring the login cookie (which scripts cannot read, let alone delete).
 */
@Path("/session")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
public class SessionResource {

    /** Who is calling. */
    public record Session(boolean authenticated, String user, Set<String> roles) {
    }

    private final SecurityIdentity identity;
    private final SessionCookies cookies;

    public SessionResource(SecurityIdentity identity, SessionCookies cookies) {
        this.identity = identity;
        this.cookies = cookies;
    }

    @GET
    @Operation(operationId = "getSession", summary = "Whether the caller is logged in, as whom, with which roles")
    @SecurityRequirementsSet
    public Session get() {
        if (identity.isAnonymous()) {
            return new Session(false, null, Set.of());
        }
        return new Session(true, identity.getPrincipal().getName(), new TreeSet<>(identity.getRoles()));
    }

    @DELETE
    @Operation(operationId = "logout", summary = "Log out: expires the dashboard's session cookies")
    @SecurityRequirementsSet
    public Response logout(@Context HttpServerResponse response) {
        cookies.expired().forEach(response::addCookie);
        return Response.noContent().build();
    }
}
