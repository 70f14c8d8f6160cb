package dev.hearth.edge.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem details answer: thrown anywhere in a resource, it becomes {@code application/problem+json}. */
public class Problem extends WebApplicationException {

    public static final String TYPE = "application/problem+json";

    /** The JSON body. */
    public record Body(String type, String title, int status, String detail) {
    }

    public Problem(Response.Status status, String detail) {
        super(detail, Response.status(status)
                .type(TYPE)
                .entity(new Body("about:blank", status.getReasonPhrase(), status.getStatusCode(), detail))
                .build());
    }

    /** The body as JSON text, for the places outside JAX-RS (Vert.x route handlers). */
    public static String json(Response.Status status, String detail) {
        return new io.vertx.core.json.JsonObject().put("type", "about:blank").put("title", status.getReasonPhrase())
                .put("status", status.getStatusCode()).put("detail", detail).encode();
    }

    public static Problem badRequest(String detail) {
        return new Problem(Response.Status.BAD_REQUEST, detail);
    }

    public static Problem notFound(String detail) {
        return new Problem(Response.Status.NOT_FOUND, detail);
    }

    public static Problem conflict(String detail) {
        return new Problem(Response.Status.CONFLICT, detail);
    }
}
