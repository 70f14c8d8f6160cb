package dev.hearth.local.testing;

import java.util.Map;

import dev.hearth.local.stack.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** A real PostgreSQL for a {@code @QuarkusTest}, on a free port, wired into both the JDBC and the reactive datasource. */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static volatile EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        database = EmbeddedDatabase.start(0, null);
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

    public static EmbeddedDatabase database() {
        return database;
    }
}
