package dev.hearth.edge.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import dev.hearth.edge.security.AccessChanged;
import dev.hearth.edge.security.Identities;
import dev.hearth.edge.security.SecretHasher;
import dev.hearth.edge.security.TokenFormat;
import dev.hearth.edge.store.ApiToken;
import dev.hearth.edge.store.TokenStore;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * {@code /api/tokens}: everyone manages their own API tokens, for programs that send
 * {@code Authorization: Bearer <token>}. A token acts with its owner's role at the time of each request and is shown
 * once, when it is made.
 */
@Path("/api/tokens")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("viewer")
public class TokensResource {

    /** A token as listed: never its secret. */
    public record TokenView(String id, String name, Instant createdAt, Instant lastUsedAt) {
        static TokenView of(ApiToken token) {
            return new TokenView(token.id, token.name, token.createdAt, token.lastUsedAt);
        }
    }

    /** The answer to making a token: the only time its secret is shown. */
    public record IssuedToken(String id, String name, String token, Instant createdAt) {
    }

    /** Tokens one user may hold. */
    public static final int MAX_PER_USER = 50;

    public record NewToken(@NotBlank(message = "must name what the token is for") @Size(max = 100, message = "must be at most 100 characters") String name) {
        static final String EXAMPLE = "{\"name\":\"home-assistant\"}";
    }

    private final TokenStore tokens;
    private final SecretHasher hasher;
    private final RequestBodies bodies;
    private final SecurityIdentity identity;
    private final Event<AccessChanged> accessChanged;

    public TokensResource(TokenStore tokens, SecretHasher hasher, RequestBodies bodies, SecurityIdentity identity,
            Event<AccessChanged> accessChanged) {
        this.accessChanged = accessChanged;
        this.tokens = tokens;
        this.hasher = hasher;
        this.bodies = bodies;
        this.identity = identity;
    }

    @GET
    @Operation(operationId = "listTokens", summary = "Your API tokens (without their secrets)")
    public Uni<List<TokenView>> list() {
        return tokens.listFor(owner()).map(all -> all.stream().map(TokenView::of).toList());
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createToken", summary = "Make an API token: {\"name\"}; the answer shows the token once")
    public Uni<Response> create(@RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = NewToken.class))) String body) {
        if (Identities.byToken(identity)) {
            // A leaked token must not be able to outlive its revocation by minting another.
            throw new Problem(Response.Status.FORBIDDEN, "Make tokens with your password or from the dashboard, not with a token");
        }
        NewToken request = bodies.read(body, NewToken.class, NewToken.EXAMPLE);
        String owner = owner();
        TokenFormat.Issued issued = TokenFormat.issue();
        // Counted before hashing too, so that a user at the cap costs no bcrypt (whose threads logins share).
        return tokens.countFor(owner).chain(count -> {
            if (count >= MAX_PER_USER) {
                throw tooMany();
            }
            return hasher.hash(issued.secret());
        })
                .chain(hash -> tokens.create(issued.id(), owner, request.name().strip(), hash, MAX_PER_USER))
                .map(made -> {
                    if (made.refusal() == TokenStore.Refusal.TOO_MANY) {
                        throw tooMany();
                    }
                    if (made.refusal() == TokenStore.Refusal.NAME_TAKEN) {
                        throw Problem.conflict("You have a token named '" + request.name().strip() + "' already");
                    }
                    if (made.refusal() == TokenStore.Refusal.OWNER_GONE) {
                        throw new Problem(Response.Status.UNAUTHORIZED, "Your account was deleted meanwhile");
                    }
                    ApiToken token = made.token();
                    return Response.created(URI.create("/api/tokens/" + token.id))
                            .entity(new IssuedToken(token.id, token.name, issued.token(), token.createdAt)).build();
                });
    }

    private static Problem tooMany() {
        return Problem.conflict("You have " + MAX_PER_USER + " tokens: revoke one first");
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteToken", summary = "Revoke one of your API tokens")
    public Uni<Response> delete(@PathParam("id") String id) {
        return tokens.delete(id, owner()).map(deleted -> {
            if (!deleted) {
                throw Problem.notFound("You have no token '" + id + "'");
            }
            accessChanged.fire(AccessChanged.ofToken(id));
            return Response.noContent().build();
        });
    }

    private String owner() {
        return identity.getPrincipal().getName();
    }
}
