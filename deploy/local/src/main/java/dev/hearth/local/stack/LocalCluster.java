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
            cluster.stopLeftover();
            cluster.writeSettings();
            try {
                cluster.pgCtl(true, "start", "-w", "-t", Long.toString(START_SECONDS), "-l", dir.resolve("server.log").toString());
            } catch (IOException e) {
                // A start that timed out (crash recovery on a slow SD card) leaves a server behind: stop it, so that
                // the next start does not find it.
                cluster.pgCtl(false, "stop", "-m", "fast", "-w");
                if (throwaway && cluster.serverRuns()) {
                    cluster.stopImmediately(e);
                }
                throw e;
            }
            return cluster;
        } catch (IOException e) {
            throw new StackException("The machine's PostgreSQL (" + bin + ") did not start a cluster in " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while starting PostgreSQL in " + dir, e);
        }
    }

    /**
     * The settings of this start, in a file the cluster's postgresql.conf includes rather than on pg_ctl's command line
     * (which pg_ctl hands to a shell: a data directory with a space in its path would break it).
     */
    private void writeSettings() throws IOException, InterruptedException {
        Path conf = dir.resolve("postgresql.conf");
        String include = "include_if_exists = 'hearth.conf'";
        if (!Files.readString(conf).contains(include)) {
            append(conf, "\n# Hearth's settings for this cluster, rewritten at each start.\n" + include + "\n");
        }
        String settings = String.join("\n",
                "port = " + port,
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = " + quoted(dir.toString()),
                // Durable, as the embedded one: a power cut must not lose an acknowledged commit.
                "fsync = on",
                "synchronous_commit = on",
                "full_page_writes = on",
                // Sized for the box, as EmbeddedDatabase's.
                "shared_buffers = " + quoted(EmbeddedDatabase.SHARED_BUFFERS),
                "max_connections = " + EmbeddedDatabase.MAX_CONNECTIONS) + "\n";
        Path file = dir.resolve("hearth.conf");
        Files.deleteIfExists(file);
        append(file, settings);
    }

    /** Appends as the cluster's owner, so that the files stay the owner's (through runuser when started as root). */
    private void append(Path file, String text) throws IOException, InterruptedException {
        if (asOwner.isEmpty()) {
            Files.writeString(file, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            return;
        }
        Process p = new ProcessBuilder(command("sh", "-c", "cat >> \"$0\"", file.toString())).redirectErrorStream(true).start();
        p.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("cannot write " + file + ": " + said.strip());
        }
    }

    private static String quoted(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /**
     * A postmaster.pid from an earlier run: the server a killed launcher left running (stopped now), or a stale file
     * after a power cut, whose pid may by now belong to any other process. That process is left alone and the file
     * removed; pg_ctl stop would signal it.
     */
    private void stopLeftover() throws IOException, InterruptedException {
        Path pidFile = dir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.size() >= 2 && lines.get(0).strip().matches("\\d+") && isOurPostmaster(lines.get(0).strip(), lines.get(1).strip())) {
            pgCtl(true, "stop", "-m", "fast", "-w");
        } else {
            run(command("rm", "-f", pidFile.toString()), true);
        }
    }

    /** Whether {@code pid} runs this machine's postgres on {@code dataDir}, which must be this cluster's. */
    private boolean isOurPostmaster(String pid, String dataDir) {
        try {
            String cmdline = Files.readString(Path.of("/proc", pid, "cmdline")).replace('\0', ' ');
            Path exe = Path.of("/proc", pid, "exe").toRealPath();
            return Path.of(dataDir).toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize()) && exe.getFileName().toString().equals("postgres")
                    && cmdline.contains(dir.toString());
        } catch (IOException e) {
            return false;
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
        // The C locale: a Pi's image often has only en_GB.UTF-8, and Hearth sorts nothing by language. Trust for
        // connections, as the embedded server: only this machine reaches the loopback port (see deploy/local/README.md).
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

    /** Runs a PostgreSQL program; answers its exit status. */
    private int run(List<String> command, boolean mustSucceed) throws IOException {
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
            return p.exitValue();
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
        IOException failed = null;
        try {
            pgCtl(true, "stop", "-m", "fast", "-w");
        } catch (IOException e) {
            failed = e;
            if (throwaway) {
                stopImmediately(e);
            }
        }
        if (throwaway) {
            if (failed == null) {
                delete(dir);
            } else {
                discard(bin, dir);
            }
        }
        if (failed != null) {
            throw new StackException("The PostgreSQL cluster in " + dir + " did not stop cleanly: " + failed.getMessage(), failed);
        }
    }

    /**
     * A throwaway cluster's server that did not stop fast, stopped without its checkpoint (nothing of it is kept): left
     * running, it would hold its port. A kept cluster is not: its checkpoint may just be slow (an SD card).
     */
    private void stopImmediately(IOException failure) {
        try {
            pgCtl(false, "stop", "-m", "immediate", "-w");
        } catch (IOException again) {
            failure.addSuppressed(again);
        }
    }

    /**
     * Deletes a throwaway cluster's directory, unless a server still runs on it: deleted under it, that server would
     * hold its port and shared memory with nothing left to stop it by (pg_ctl needs the directory).
     */
    static void discard(Path bin, Path dir) {
        LocalCluster cluster = new LocalCluster(bin, dir, 0, isRoot() ? List.of("runuser", "-u", "postgres", "--") : List.of(), true);
        if (cluster.serverRuns()) {
            System.err.println("hearth: a PostgreSQL server still runs in " + dir + "; its directory is kept (stop it with pg_ctl -D)");
            return;
        }
        delete(dir);
    }

    /**
     * {@code pg_ctl status}: 0 while a server runs on the directory, 3 when none does, 4 without a data directory;
     * anything else (an unreadable pid file, runuser failing) is not an answer, and a pid file left counts as running.
     */
    boolean serverRuns() {
        try {
            int status = run(command(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "status"), false);
            if (status == 0 || status == 3 || status == 4) {
                return status == 0;
            }
        } catch (IOException e) {
            // no answer: the pid file decides
        }
        return Files.exists(dir.resolve("postmaster.pid"));
    }

    /** Deletes a directory tree, saying so when it cannot. */
    static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("hearth: could not delete " + dir + ": " + e.getMessage());
        }
    }
}
