package dev.hearth.local.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.hearth.local.stack.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real PostgreSQL for a {@code @QuarkusTest}, on a free port, wired into both the JDBC and the reactive datasource. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedDatabase database;
    private static volatile int port;
    private static volatile Path dataDir;

    @Override
    public Map<String, String> start() {
        try {
            // A data directory of our own (not zonky's throwaway one), so that a test can restart the same cluster.
            // Passable by others: under HEARTH_POSTGRES=system as root the cluster runs as the postgres account.
            dataDir = Files.createTempDirectory("hearth-test-pg-",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x")))
                    .resolve("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        database = EmbeddedDatabase.start(0, dataDir);
        port = database.port();
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.reactive.url", database.reactiveUrl(),
                "quarkus.datasource.username", EmbeddedDatabase.USER);
    }

    @Override
    public void stop() {
        stopDatabase();
    }

    /** Stops PostgreSQL under the running service, as an outage would. */
    public static void stopDatabase() {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    /** Starts the same cluster again on the same port, as PostgreSQL coming back after an outage. */
    public static EmbeddedDatabase startDatabaseAgain() {
        database = EmbeddedDatabase.start(port, dataDir);
        return database;
    }

    public static EmbeddedDatabase database() {
        return database;
    }
}
