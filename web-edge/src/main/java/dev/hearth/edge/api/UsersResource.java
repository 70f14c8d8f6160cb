package dev.hearth.edge.api;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.event.Event;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
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
import dev.hearth.edge.security.SecretHasher;
import dev.hearth.edge.store.UserAccount;
import dev.hearth.edge.store.UserStore;
import io.smallrye.mutiny.Uni;

/** {@code /api/users}: admins add people, change their role or password, and remove them. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
public class UsersResource {

    static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";
    static final String ROLE = "viewer|operator|admin";
    static final String PASSWORD_RULE = "must be 10 to 72 characters (bcrypt reads no more)";

    /** A user as the API shows it: never the password hash. */
    public record UserView(String name, String role, Instant createdAt, Instant updatedAt) {
        static UserView of(UserAccount user) {
            return new UserView(user.name, user.role, user.createdAt, user.updatedAt);
        }
    }

    public record NewUser(
            @NotNull @Pattern(regexp = NAME, message = "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit") String name,
            @NotNull @Size(min = 10, max = 72, message = PASSWORD_RULE) String password,
            @NotNull @Pattern(regexp = ROLE, message = "must be viewer, operator or admin") String role) {
        static final String EXAMPLE = "{\"name\":\"sam\",\"password\":\"a long passphrase\",\"role\":\"operator\"}";
    }

    public record UserChange(
            @Size(min = 10, max = 72, message = PASSWORD_RULE) String password,
            @Pattern(regexp = ROLE, message = "must be viewer, operator or admin") String role) {
        static final String EXAMPLE = "{\"role\":\"viewer\"} or {\"password\":\"a new passphrase\"}";
    }

    private final UserStore users;
    private final SecretHasher hasher;
    private final RequestBodies bodies;
    private final Event<AccessChanged> accessChanged;

    public UsersResource(UserStore users, SecretHasher hasher, RequestBodies bodies, Event<AccessChanged> accessChanged) {
        this.users = users;
        this.hasher = hasher;
        this.bodies = bodies;
        this.accessChanged = accessChanged;
    }

    @GET
    @Operation(operationId = "listUsers", summary = "Every user with their role (admin)")
    public Uni<List<UserView>> list() {
        return users.list().map(all -> all.stream().map(UserView::of).toList());
    }

    @GET
    @Path("/{name}")
    @Operation(operationId = "getUser", summary = "One user (admin)")
    public Uni<UserView> get(@PathParam("name") String name) {
        return users.find(name).map(user -> UserView.of(found(user, name)));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createUser", summary = "Add a user: {\"name\",\"password\",\"role\"} (admin); 409 if the name is taken")
    public Uni<Response> create(@RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = NewUser.class))) String body) {
        NewUser request = bodies.read(body, NewUser.class, NewUser.EXAMPLE);
        checkBcryptFits(request.password());
        return hasher.hash(request.password())
                .chain(hash -> users.create(request.name(), hash, request.role()))
                .map(user -> {
                    if (user == null) {
                        throw Problem.conflict("A user named '" + request.name() + "' exists already");
                    }
                    return Response.created(URI.create("/api/users/" + user.name)).entity(UserView.of(user)).build();
                });
    }

    @PATCH
    @Path("/{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "updateUser", summary = "Change a user's role and/or password (admin); 409 would it leave no admin")
    public Uni<UserView> update(@PathParam("name") String name, @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = UserChange.class))) String body) {
        UserChange change = bodies.read(body, UserChange.class, UserChange.EXAMPLE);
        if (change.password() == null && change.role() == null) {
            throw Problem.badRequest("Send 'role', 'password' or both, like " + UserChange.EXAMPLE);
        }
        Uni<String> hash;
        if (change.password() == null) {
            hash = Uni.createFrom().nullItem();
        } else {
            checkBcryptFits(change.password());
            hash = hasher.hash(change.password());
        }
        return hash.chain(h -> users.update(name, h, change.role()))
                .onFailure(UserStore.LastAdmin.class).transform(e -> Problem.conflict(e.getMessage()))
                .map(user -> {
                    UserView view = UserView.of(found(user, name));
                    accessChanged.fire(AccessChanged.ofUser(name));
                    return view;
                });
    }

    @DELETE
    @Path("/{name}")
    @Operation(operationId = "deleteUser", summary = "Remove a user and their tokens (admin); 409 for the last admin")
    public Uni<Response> delete(@PathParam("name") String name) {
        return users.delete(name)
                .onFailure(UserStore.LastAdmin.class).transform(e -> Problem.conflict(e.getMessage()))
                .map(deleted -> {
                    if (!deleted) {
                        throw noSuchUser(name);
                    }
                    accessChanged.fire(AccessChanged.ofUser(name));
                    return Response.noContent().build();
                });
    }

    private static UserAccount found(UserAccount user, String name) {
        if (user == null) {
            throw noSuchUser(name);
        }
        return user;
    }

    private static Problem noSuchUser(String name) {
        return Problem.notFound("No user named '" + name + "'");
    }

    private static void checkBcryptFits(String password) {
        if (!SecretHasher.fitsBcrypt(password)) {
            throw Problem.badRequest("'password' " + PASSWORD_RULE + "; it is longer than 72 bytes in UTF-8");
        }
    }
}
