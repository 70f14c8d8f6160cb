package dev.hearth.local.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of Hearth's own, made and run with the machine's PostgreSQL programs (Debian's and Raspberry
 * Pi OS's {@code postgresql} package, under {@code /usr/lib/postgresql/<major>/bin}) where there are no embedded
 * binaries for the machine (32-bit Raspberry Pi OS). The machine's own server and its clusters are left alone: this
 * one lives in Hearth's data directory, listens on a loopback port of its own and trusts local connections as
 * {@code postgres}, like the embedded one.
 *
 * <p>PostgreSQL refuses to run as root: started by root (a systemd unit without {@code User=}), the cluster is owned
 * and run by the {@code postgres} account that the package creates, through {@code runuser}.
 */
final class LocalCluster implements AutoCloseable {

    private static final long START_SECONDS = 60;

    private final Path bin;
    private final Path dir;
    private final int port;
    private final List<String> asOwner;
    private final boolean throwaway;

    private LocalCluster(Path bin, Path dir, int port, List<String> asOwner, boolean throwaway) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asOwner = asOwner;
        this.throwaway = throwaway;
    }

    /**
     * Makes the cluster in {@code dir} if it is not there, stops a server a killed launcher left running on it, and
     * starts it durable on {@code port}. A throwaway cluster (tests) is deleted when it stops.
     */
    static LocalCluster start(Path bin, Path dir, int port, boolean throwaway) {
        List<String> asOwner = isRoot() ? List.of("runuser", "-u", "postgres", "--") : List.of();
        LocalCluster cluster = new LocalCluster(bin, dir, port, asOwner, throwaway);
        try {
            cluster.initIfMissing();
            if (Files.exists(dir.resolve("postmaster.pid"))) {
                // A server left behind by a launcher that was killed (pg_ctl's server outlives it), or a stale pid file:
                // pg_ctl stop ends the one and complains harmlessly about the other.
                cluster.pgCtl(false, "stop", "-m", "fast", "-w");
            }
            cluster.pgCtl(true, "start", "-w", "-t", Long.toString(START_SECONDS), "-l", dir.resolve("server.log").toString(), "-o",
                    String.join(" ", "-p", Integer.toString(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
                            // Durable, as the embedded one: a power cut must not lose an acknowledged commit.
                            "-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "full_page_writes=on",
                            // Sized for the box (a Pi with 1 GB): the same as EmbeddedDatabase's.
                            "-c", "shared_buffers=" + EmbeddedDatabase.SHARED_BUFFERS, "-c", "max_connections=" + EmbeddedDatabase.MAX_CONNECTIONS));
            return cluster;
        } catch (IOException e) {
            throw new StackException("The machine's PostgreSQL (" + bin + ") did not start a cluster in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while starting PostgreSQL in " + dir, e);
        }
    }

    private void initIfMissing() throws IOException, InterruptedException {
        if (Files.isRegularFile(dir.resolve("PG_VERSION"))) {
            return;
        }
        Files.createDirectories(dir);
        // initdb wants the directory private to the cluster's owner.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        if (!asOwner.isEmpty()) {
            run(List.of("chown", "postgres:postgres", dir.toString()), true);
            if (new ProcessBuilder(command("test", "-w", dir.toString())).start().waitFor() != 0) {
                throw new StackException("Started as root, Hearth runs its PostgreSQL as the postgres account (PostgreSQL refuses"
                        + " root), and postgres cannot reach " + dir + ": a directory above it is closed to other users. Run"
                        + " ./hearth as a normal user (the usual way on a Pi), or keep its data where postgres can reach it,"
                        + " e.g. HEARTH_DATA_DIR=/var/lib/hearth.");
            }
        }
        // The C locale: a Pi's image often has only en_GB.UTF-8, and Hearth sorts nothing by language.
        run(command(bin.resolve("initdb").toString(), "-D", dir.toString(), "-U", EmbeddedDatabase.USER, "-A", "trust", "-E", "UTF8",
                "--locale=C"), true);
    }

    private void pgCtl(boolean mustSucceed, String... args) throws IOException {
        List<String> line = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.toString()));
        line.addAll(List.of(args));
        run(command(line.toArray(String[]::new)), mustSucceed);
    }

    private List<String> command(String... args) {
        List<String> line = new ArrayList<>(asOwner);
        line.addAll(List.of(args));
        return line;
    }

    private void run(List<String> command, boolean mustSucceed) throws IOException {
        Path out = Files.createTempFile("hearth-postgres", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(START_SECONDS + 30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(asOwner.size()) + " did not finish");
            }
            if (mustSucceed && p.exitValue() != 0) {
                String said = Files.readString(out, StandardCharsets.UTF_8).strip();
                Path log = dir.resolve("server.log");
                if (Files.isRegularFile(log)) {
                    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                    said += "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
                }
                throw new IOException(String.join(" ", command) + " failed: " + said);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            pgCtl(true, "stop", "-m", "fast", "-w");
            if (throwaway) {
                try (var files = Files.walk(dir)) {
                    for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new StackException("The PostgreSQL cluster in " + dir + " did not stop cleanly: " + e.getMessage(), e);
        }
    }
}
