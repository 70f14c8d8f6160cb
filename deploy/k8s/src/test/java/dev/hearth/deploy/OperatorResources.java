package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Resources of operators the overlays rely on, which fabric8's Kubernetes model does not know: CloudNativePG's
 * {@code Cluster} and {@code Database}. Checked here against the fields of the operator's v1 API that Hearth uses (a subset kept by hand,
 * for {@code spec} and {@code spec.postgresql.synchronous}: an unknown field there fails; deeper ones are not checked),
 * and against what the services need of it.
 */
final class OperatorResources {

    /** spec fields of postgresql.cnpg.io/v1 Cluster that an overlay may use (the operator's API has more). */
    private static final Set<String> CLUSTER_SPEC = Set.of("instances", "imageName", "storage", "walStorage", "bootstrap",
            "postgresql", "resources", "affinity", "backup", "monitoring", "inheritedMetadata", "primaryUpdateStrategy",
            "enableSuperuserAccess", "description", "managed");
    /** Fields of a role in spec.managed.roles an overlay may use. */
    private static final Set<String> ROLE = Set.of("name", "ensure", "login", "passwordSecret", "comment", "inRoles", "connectionLimit",
            "createdb", "createrole", "superuser", "inherit", "replication", "bypassrls", "validUntil", "disablePassword");
    private static final Set<String> SYNCHRONOUS = Set.of("method", "number", "dataDurability", "standbyNamesPre", "standbyNamesPost",
            "maxStandbyNamesFromCluster");

    private OperatorResources() {
    }

    /** spec fields of postgresql.cnpg.io/v1 Database (declarative databases, operator 1.25 and later) an overlay may use. */
    private static final Set<String> DATABASE_SPEC = Set.of("name", "owner", "cluster", "ensure", "databaseReclaimPolicy", "encoding",
            "locale", "template", "extensions", "schemas");

    static boolean isKnown(JsonNode doc) {
        return "postgresql.cnpg.io/v1".equals(doc.path("apiVersion").asText()) && Set.of("Cluster", "Database").contains(doc.path("kind").asText());
    }

    /** A Database for a home's services: named, with an owner, in a named cluster (ManifestsTest matches them up). */
    static void checkDatabase(JsonNode database) {
        String where = "Database/" + database.at("/metadata/name").asText();
        Set<String> fields = new HashSet<>();
        database.path("spec").fieldNames().forEachRemaining(fields::add);
        assertThat(DATABASE_SPEC).as(where + " spec fields").containsAll(fields);
        assertThat(database.at("/spec/name").asText()).as(where + " name").matches("[a-z_][a-z0-9_]*");
        assertThat(database.at("/spec/owner").asText()).as(where + " owner").matches("[a-z_][a-z0-9_]*");
        assertThat(database.at("/spec/cluster/name").asText()).as(where + " cluster").isNotEmpty();
    }

    /**
     * A replicated PostgreSQL that history-service and web-edge can use: at least two instances, a commit waiting for a
     * standby, the database and owner the services connect as, the owner's password from a Secret deploy/README.md has
     * people create with the username and password keys the operator reads.
     */
    static void check(JsonNode doc, Map<String, Set<String>> secretKeysInReadme) {
        if ("Database".equals(doc.path("kind").asText())) {
            checkDatabase(doc);
        } else {
            checkCluster(doc, secretKeysInReadme);
        }
    }

    private static void checkCluster(JsonNode cluster, Map<String, Set<String>> secretKeysInReadme) {
        String where = "Cluster/" + cluster.at("/metadata/name").asText();
        JsonNode spec = cluster.path("spec");
        Set<String> fields = new HashSet<>();
        spec.fieldNames().forEachRemaining(fields::add);
        assertThat(CLUSTER_SPEC).as(where + " spec fields").containsAll(fields);
        assertThat(spec.path("instances").asInt()).as(where + " instances").isGreaterThanOrEqualTo(2);
        assertThat(spec.at("/storage/size").asText()).as(where + " storage").isNotEmpty();

        JsonNode synchronous = spec.at("/postgresql/synchronous");
        Set<String> syncFields = new HashSet<>();
        synchronous.fieldNames().forEachRemaining(syncFields::add);
        assertThat(SYNCHRONOUS).as(where + " postgresql.synchronous fields").containsAll(syncFields);
        assertThat(synchronous.path("number").asInt()).as(where + ": a commit waits for a standby").isGreaterThanOrEqualTo(1);
        assertThat(synchronous.path("dataDurability").asText("required")).isEqualTo("required");

        JsonNode initdb = spec.at("/bootstrap/initdb");
        assertThat(initdb.path("database").asText()).as(where + " database").isEqualTo("hearth");
        assertThat(initdb.path("owner").asText()).as(where + " owner: the user the services connect as").isEqualTo("hearth");
        String ns = cluster.at("/metadata/namespace").asText();
        String secret = initdb.at("/secret/name").asText();
        assertThat(secretKeysInReadme.getOrDefault(ns + "/" + secret, Set.of())).as(where + ": Secret " + secret + " as deploy/README.md creates it")
                .contains("username", "password");
        // Each managed role logs in with a password from a Secret with the username and password keys the operator reads.
        for (JsonNode role : spec.at("/managed/roles")) {
            Set<String> roleFields = new HashSet<>();
            role.fieldNames().forEachRemaining(roleFields::add);
            assertThat(ROLE).as(where + " role fields").containsAll(roleFields);
            assertThat(role.path("login").asBoolean()).as(where + " role " + role.path("name").asText() + " logs in").isTrue();
            String roleSecret = role.at("/passwordSecret/name").asText();
            assertThat(secretKeysInReadme.getOrDefault(ns + "/" + roleSecret, Set.of()))
                    .as(where + ": Secret " + roleSecret + " of role " + role.path("name").asText() + " as deploy/README.md creates it")
                    .contains("username", "password");
        }
    }
}
