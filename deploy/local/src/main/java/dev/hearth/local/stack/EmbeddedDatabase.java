package dev.hearth.local.stack;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server started by this JVM on a loopback port, for the single-box run and for tests: the zonky
 * embedded binaries of PostgreSQL {@value #MAJOR} that the build packaged for this machine, or, where there are none,
 * a cluster of Hearth's own made with the machine's PostgreSQL programs ({@link PostgresBinaries}, {@link LocalCluster}).
 * It holds one database, {@value #DATABASE}, owned by the trust-authenticated {@code postgres} user.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "hearth";
    public static final String USER = "postgres";
    /** The major version of the embedded binaries (the root pom's postgres-binaries.version). */
    public static final int MAJOR = 17;
    /**
     * Sized for the box, a Pi with 1 GB for PostgreSQL and four JVMs: PostgreSQL's default is 128 MB. history-service's
     * batches and the rollups' working set fit in 32.
     */
    static final String SHARED_BUFFERS = "32MB";
    /** history-service's pool (8), web-edge's (4), Flyway's and a few people with psql. */
    static final int MAX_CONNECTIONS = 40;

    /** One of the two: the embedded server, or a cluster of the machine's PostgreSQL. */
    private final EmbeddedPostgres postgres;
    private final LocalCluster cluster;
    private final int port;

    private EmbeddedDatabase(EmbeddedPostgres postgres, LocalCluster cluster, int port) {
        this.postgres = postgres;
        this.cluster = cluster;
        this.port = port;
    }

    /**
     * @param port    the port, or 0 for a free one
     * @param dataDir where the cluster lives between runs, or {@code null} for a throwaway cluster
     */
    public static EmbeddedDatabase start(int port, Path dataDir) {
        return start(port, dataDir, PostgresBinaries.find());
    }

    static EmbeddedDatabase start(int port, Path dataDir, PostgresBinaries binaries) {
        PostgresBinaries runnable = binaries.requireRunnable();
        if (runnable instanceof PostgresBinaries.Installed installed) {
            runnable = installed.matching(dataDir);
        }
        int major = runnable instanceof PostgresBinaries.Installed installed ? installed.major() : MAJOR;
        if (dataDir != null) {
            requireSameMajor(dataDir, major, runnable instanceof PostgresBinaries.Installed);
        }
        int actualPort = port == 0 ? Ports.free() : port;
        Ports.requireFree("127.0.0.1", actualPort, "box's PostgreSQL");
        EmbeddedDatabase db = runnable instanceof PostgresBinaries.Installed system
                ? onSystemPostgres(system, actualPort, dataDir)
                : embedded(((PostgresBinaries.Embedded) runnable).resource(), actualPort, dataDir);
        try {
            db.createDatabaseIfMissing();
        } catch (SQLException e) {
            db.close();
            throw new StackException("PostgreSQL on port " + actualPort + " did not take the database " + DATABASE + ": " + e.getMessage(), e);
        }
        return db;
    }

    private static EmbeddedDatabase embedded(String resource, int port, Path dataDir) {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // Durable, unlike the library's defaults (fsync and synchronous_commit off): a power cut, a Pi's
                    // everyday failure, must neither corrupt the cluster nor lose a commit already acknowledged to the
                    // broker. history-service batches its writes, which pays for the flushes.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("shared_buffers", SHARED_BUFFERS)
                    .setServerConfig("max_connections", Integer.toString(MAX_CONNECTIONS))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setPgBinaryResolver((system, architecture) -> binaries(resource));
            if (dataDir != null) {
                Files.createDirectories(dataDir.getParent());
                // The stack stops it, after the services: the library's own JVM shutdown hook would stop it at once,
                // beside the launcher's, and history-service would lose its database while still storing.
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false).setRegisterShutdownHook(false);
            }
            return new EmbeddedDatabase(builder.start(), null, port);
        } catch (IOException e) {
            throw new StackException("The embedded PostgreSQL did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** A throwaway cluster (no data directory, as tests ask) lives in a temporary directory, gone at close. */
    private static EmbeddedDatabase onSystemPostgres(PostgresBinaries.Installed system, int port, Path dataDir) {
        try {
            Path dir = dataDir != null ? dataDir : Files.createTempDirectory("hearth-postgres");
            if (dataDir != null) {
                Files.createDirectories(dataDir.getParent());
            }
            try {
                return new EmbeddedDatabase(null, LocalCluster.start(system.bin(), dir, port, dataDir == null), port);
            } catch (StackException e) {
                if (dataDir == null) {
                    LocalCluster.discard(system.bin(), dir);
                }
                throw e;
            }
        } catch (IOException e) {
            throw new StackException("No directory for a PostgreSQL cluster: " + e.getMessage(), e);
        }
    }

    /**
     * The binaries this machine's build packaged, opened directly: zonky's own lookup refuses to choose when a class
     * path lists the binaries jar twice (surefire's does), and it would accept a jar for another machine.
     */
    private static InputStream binaries(String resource) throws IOException {
        URL url = EmbeddedDatabase.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IOException(resource + " is not on the class path");
        }
        return url.openStream();
    }

    /**
     * A cluster made by another major version does not start (a data directory of an older Hearth, made by PostgreSQL
     * 14): say so and what to do, rather than show PostgreSQL's own refusal.
     */
    private static void requireSameMajor(Path dataDir, int major, boolean installed) {
        Path version = dataDir.resolve("PG_VERSION");
        if (!Files.isRegularFile(version)) {
            return;
        }
        try {
            String made = Files.readString(version).trim();
            String running = Integer.toString(major);
            if (!made.equals(running)) {
                String keep = installed
                        ? "To keep its data: install PostgreSQL " + made + " beside it (`sudo apt install postgresql-" + made + "`), which"
                                + " Hearth then takes for it, or upgrade the cluster to " + running + " with pg_upgrade."
                        : "To keep its data: start the Hearth that made it (its git commit), dump the database with a pg_dump of"
                                + " version " + made + " or newer (Debian's postgresql-client), move the directory aside, start this"
                                + " Hearth, and restore the dump into it (psql).";
                throw new StackException("The database in " + dataDir + " was made by PostgreSQL " + made + ", and this Hearth runs "
                        + "PostgreSQL " + running + ". " + keep + " To start afresh: move the directory aside and start again.");
            }
        } catch (IOException e) {
            throw new StackException("Cannot read " + version + ": " + e.getMessage(), e);
        }
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection c = connect("postgres");
                PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        create.execute("create database " + DATABASE);
                    }
                }
            }
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** The URL form the Vert.x reactive PostgreSQL client takes. */
    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** A plain JDBC connection, for tests that check what a service stored. */
    public Connection connect() throws SQLException {
        return connect(DATABASE);
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, USER, "");
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new StackException("The embedded PostgreSQL did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
