package dev.hearth.edge.api;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/**
 * The head of web-edge's OpenAPI document ({@code /q/openapi}, Swagger UI at {@code /q/swagger-ui}): the three ways
 * in, any of which an operation accepts. The error answers of every operation are added by {@link ProblemResponses}.
 */
@OpenAPIDefinition(
        info = @Info(title = "Hearth", version = "1", description = "Monitor and control a home: sensors, actuators, "
                + "control loops, history, users and API tokens. Errors are RFC 9457 problem details."),
        security = {
                @SecurityRequirement(name = OpenApiDocument.BEARER),
                @SecurityRequirement(name = OpenApiDocument.BASIC),
                @SecurityRequirement(name = OpenApiDocument.SESSION) })
@SecuritySchemes({
        @SecurityScheme(securitySchemeName = OpenApiDocument.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "An API token from POST /api/tokens: Authorization: Bearer hth_…"),
        @SecurityScheme(securitySchemeName = OpenApiDocument.BASIC, type = SecuritySchemeType.HTTP, scheme = "basic",
                description = "User name and password"),
        @SecurityScheme(securitySchemeName = OpenApiDocument.SESSION, type = SecuritySchemeType.APIKEY,
                apiKeyName = "quarkus-credential", in = SecuritySchemeIn.COOKIE,
                description = "The dashboard's login cookie (POST /j_security_check), sent with the hearth-session cookie the"
                        + " same login sets; writes also need X-Requested-With") })
public class OpenApiDocument extends Application {

    public static final String BEARER = "bearer";
    public static final String BASIC = "basic";
    public static final String SESSION = "session";
}
