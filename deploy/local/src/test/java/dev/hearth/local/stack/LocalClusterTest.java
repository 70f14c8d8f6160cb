package dev.hearth.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The single box's PostgreSQL on a machine without embedded binaries (32-bit Raspberry Pi OS): a cluster of Hearth's
 * own made with the machine's PostgreSQL programs, here Debian's postgresql package (.ci/run installs it), which runs
 * the same way on amd64. The system's own server is not involved.
 */
class LocalClusterTest {

    private static PostgresBinaries.Installed system;

    @TempDir
    Path data;

    @BeforeAll
    static void findSystemPostgres() {
        Optional<PostgresBinaries.Installed> found = PostgresBinaries.system(PostgresBinaries.DEBIAN_ROOT);
        Assumptions.assumeTrue(found.isPresent(), "needs Debian's postgresql package (.ci/run installs it)");
        system = found.get();
    }

    /** Run as root (CI), the cluster belongs to the postgres account, which must be able to pass through JUnit's directory. */
    @BeforeEach
    void openTheWayForPostgres() throws Exception {
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx--x--x"));
    }

    @Test
    void aClusterOfItsOwnKeepsItsDataAcrossRestartsAndRunsDurable() throws Exception {
        // A space in the path, as in a checkout under "My Projects".
        Path dir = Files.createDirectories(data.resolve("my box")).resolve("postgres");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(0, dir, system); Connection c = db.connect(); Statement s = c.createStatement()) {
            s.execute("create table kept (v int)");
            s.execute("insert into kept values (42)");
            assertThat(setting(s, "fsync")).isEqualTo("on");
            assertThat(setting(s, "synchronous_commit")).isEqualTo("on");
            assertThat(setting(s, "shared_buffers")).isEqualTo(EmbeddedDatabase.SHARED_BUFFERS);
            assertThat(setting(s, "listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(setting(s, "server_version")).startsWith(system.major() + ".");
        }
        assertThat(dir.resolve("PG_VERSION")).content().isEqualToIgnoringNewLines(Integer.toString(system.major()));
        assertThat(dir.resolve("postmaster.pid")).as("stopped").doesNotExist();

        try (EmbeddedDatabase again = EmbeddedDatabase.start(0, dir, system); Connection c = again.connect();
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select v from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
        }
    }

    @Test
    void aServerLeftRunningByAKilledLauncherIsStoppedAndTheClusterStartsAgain() throws Exception {
        Path dir = data.resolve("postgres");
        EmbeddedDatabase first = EmbeddedDatabase.start(0, dir, system);
        int firstPort = first.port();
        // The launcher is killed: nothing stops this server, and the next start finds it on the cluster.
        try (EmbeddedDatabase second = EmbeddedDatabase.start(0, dir, system); Connection c = second.connect()) {
            assertThat(second.port()).isNotEqualTo(firstPort);
            assertThat(c.isValid(5)).isTrue();
            assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", firstPort).close()).as("the leftover server is gone")
                    .isInstanceOf(java.net.ConnectException.class);
        } catch (AssertionError | RuntimeException e) {
            first.close();
            throw e;
        }
    }

    @Test
    void aStalePidFileAfterAPowerCutLeavesTheProcessThatNowHasItsPidAlone() throws Exception {
        Path dir = data.resolve("postgres");
        EmbeddedDatabase.start(0, dir, system).close();
        // After a power cut the pid file is still there, and its pid now belongs to some other process.
        Process other = new ProcessBuilder("sleep", "120").start();
        try {
            Files.writeString(dir.resolve("postmaster.pid"), other.pid() + "\n" + dir + "\n1700000000\n5432\n");
            try (EmbeddedDatabase db = EmbeddedDatabase.start(0, dir, system); Connection c = db.connect()) {
                assertThat(c.isValid(5)).isTrue();
            }
            assertThat(other.isAlive()).as("the process that took the stale pid was not signalled").isTrue();
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void aThrowawayClusterIsDeletedAndAnotherMajorsDirectoryIsExplained() throws Exception {
        Path temp;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(0, null, system); Connection c = db.connect()) {
            assertThat(c.isValid(5)).isTrue();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show data_directory")) {
                rs.next();
                temp = Path.of(rs.getString(1));
            }
        }
        assertThat(temp).doesNotExist();

        Path other = Files.createDirectories(data.resolve("old"));
        Files.writeString(other.resolve("PG_VERSION"), "9\n");
        assertThatThrownBy(() -> EmbeddedDatabase.start(0, other, system)).isInstanceOf(StackException.class)
                .hasMessageContaining("made by PostgreSQL 9, and this Hearth runs PostgreSQL " + system.major());
    }

    private static String setting(Statement s, String name) throws Exception {
        try (ResultSet rs = s.executeQuery("show " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A throwaway cluster (tests) is deleted at its stop, but never from under a server still running on it. */
    @Test
    void aThrowawayClusterIsDeletedOnlyOnceItsServerHasStopped() throws Exception {
        Path dir = data.resolve("throwaway");
        int port = Ports.free();
        LocalCluster cluster = LocalCluster.start(system.bin(), dir, port, true);
        try {
            assertThat(cluster.serverRuns()).isTrue();
            LocalCluster.discard(system.bin(), dir);
            assertThat(dir.resolve("PG_VERSION")).as("kept while its server runs").isRegularFile();
        } finally {
            cluster.close();
        }
        assertThat(dir).as("gone once stopped").doesNotExist();
        try (java.net.Socket s = new java.net.Socket()) {
            assertThatThrownBy(() -> s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000)).as("its port closed")
                    .isInstanceOf(java.io.IOException.class);
        }
    }
}
