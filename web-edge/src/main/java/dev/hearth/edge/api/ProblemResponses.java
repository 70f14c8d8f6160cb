package dev.hearth.edge.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds to every {@code /api} operation the problem-details answers it can give, so that a generated client knows
 * them: 401 and 403 always, 500 always, 400 and 415 where a body is sent, 404 where the path names something. Answers
 * an operation declares itself (409, 503, 504) are kept. Registered in {@code application.properties}.
 */
public class ProblemResponses implements OASFilter {

    static final String SCHEMA = "Problem";

    /** Answers particular to one operation, by operation id. */
    static final Map<String, Map<String, String>> PARTICULAR = Map.of(
            "createUser", Map.of("409", "A user of that name exists already"),
            "updateUser", Map.of("409", "The change would leave Hearth without an admin"),
            "deleteUser", Map.of("409", "The last admin cannot be removed"),
            "createToken", Map.of("409", "You have a token of that name already"),
            "commandActuator", Map.of("503", "The broker did not take the command", "504", "The broker did not acknowledge it in time"),
            "changeLoop", Map.of("503", "The broker did not take the change", "504", "control-service did not answer in time"),
            "getHistory", Map.of("503", "history-service is not reachable"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getComponents().addSchema(SCHEMA, problemSchema());
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (!path.startsWith("/api")) {
                return;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : item.getOperations().entrySet()) {
                Operation operation = entry.getValue();
                APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
                add(responses, "401", "No credentials, or wrong ones");
                add(responses, "403", "Your role does not allow this (or a cookie write without X-Requested-With)");
                add(responses, "500", "Something went wrong inside web-edge");
                if (operation.getRequestBody() != null) {
                    add(responses, "400", "The body or a parameter is not valid; the detail names the field");
                    add(responses, "415", "The body is not application/json");
                }
                if (path.contains("{")) {
                    add(responses, "404", "No such thing");
                }
                PARTICULAR.getOrDefault(operation.getOperationId(), Map.of()).forEach((code, why) -> add(responses, code, why));
                operation.setResponses(responses);
            }
        });
    }

    /** Adds the answer, or gives the problem body to one declared without a body (Quarkus's own 401 and 403). */
    private static void add(APIResponses responses, String code, String description) {
        org.eclipse.microprofile.openapi.models.media.Content problem = OASFactory.createContent().addMediaType(Problem.TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(SCHEMA)));
        if (responses.hasAPIResponse(code)) {
            if (responses.getAPIResponse(code).getContent() == null) {
                responses.getAPIResponse(code).setContent(problem);
            }
            return;
        }
        responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description).content(problem));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details")
                .addProperty("type", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty("title", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING)))
                .addProperty("status", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.INTEGER)))
                .addProperty("detail", OASFactory.createSchema().type(java.util.List.of(Schema.SchemaType.STRING))
                        .description("What went wrong and what to do about it"))
                .addRequired("status").addRequired("detail");
    }
}
