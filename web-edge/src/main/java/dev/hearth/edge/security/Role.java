package dev.hearth.edge.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user may do, each role including the ones below it: a viewer reads, an operator also commands actuators and
 * changes setpoints, an admin also manages users and loop limits. Endpoints name the lowest role they need
 * ({@code @RolesAllowed("operator")}), so an identity carries its role and every role below.
 */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

    /** The lower-case name used in the database, the API and {@code @RolesAllowed}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This role and every role below it, as identity roles. */
    public Set<String> granted() {
        return Arrays.stream(values()).filter(r -> r.ordinal() <= ordinal()).map(Role::id).collect(Collectors.toUnmodifiableSet());
    }

    public static Optional<Role> of(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equals(id)).findFirst();
    }
}
