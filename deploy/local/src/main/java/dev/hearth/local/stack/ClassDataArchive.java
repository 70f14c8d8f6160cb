package dev.hearth.local.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A service's application class-data archive (AppCDS): the classes a run loaded, written by the JVM when it stops
 * ({@code -XX:ArchiveClassesAtExit}) and mapped by the next start ({@code -XX:SharedArchiveFile}) instead of being
 * parsed again. Measured on the single box: history-service and web-edge start about 2 s sooner (7.3–7.8 → 5.6 s,
 * 8.2–8.8 → 6.4 s), and their 15,000 classes' metadata moves out of Metaspace into the mapped archive (68 → 19 MB of
 * Metaspace for history-service, 6 MB less RSS); on a Pi, where parsing classes is slow, the gain is larger. Java 17
 * has no {@code -XX:+AutoCreateSharedArchive} (JDK 19), so the launcher does its part.
 *
 * <p>The archive sits beside the service's jar ({@code target/quarkus-app/cds/}), named after what the JVM checks it
 * against: the jar and the libraries its manifest puts on the class path ({@code lib/boot}), the JVM's build and the
 * JVM options. A rebuilt service, another JDK or other options make a new one (the JVM would silently ignore a stale
 * one), and {@code mvn clean} removes them. The JVM writes it under a name of its own run, which becomes the archive
 * only once that JVM stopped as asked (in time, exit status of a normal exit or of SIGTERM); a run killed or crashed
 * mid-write leaves no half archive to be mapped.
 */
public final class ClassDataArchive {

    private static final Duration STALE_TEMPORARY = Duration.ofDays(1);
    /** How long an archive no start has mapped is kept: long enough for a second setup used now and then. */
    static final Duration UNUSED_ARCHIVE = Duration.ofDays(14);

    private final Path archive;
    private final Path written;
    /** Set by {@link #jvmOptions} when this run writes the archive. */
    private volatile boolean writing;

    private ClassDataArchive(Path archive, Path written) {
        this.archive = archive;
        this.written = written;
    }

    /**
     * The archive for a service's jar run by the JVM at {@code javaHome}, or none where that JVM has no default CDS
     * archive to build on (a JDK built without CDS, some 32-bit ARM ones) or the options already choose.
     */
    public static Optional<ClassDataArchive> forJar(Path jar, Path javaHome, String vmVersion, String javaOptions) {
        if (javaOptions.contains("SharedArchiveFile") || javaOptions.contains("ArchiveClassesAtExit") || javaOptions.contains("-Xshare")) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(javaHome.resolve("lib/server/classes.jsa"))) {
            return Optional.empty();
        }
        try {
            Path dir = jar.toAbsolutePath().getParent().resolve("cds");
            StringBuilder key = new StringBuilder().append(javaHome.toAbsolutePath()).append('|').append(vmVersion).append('|')
                    .append(javaOptions.trim()).append('|');
            describe(jar.toAbsolutePath(), key);
            Path boot = jar.toAbsolutePath().getParent().resolve("lib/boot");
            if (Files.isDirectory(boot)) {
                try (Stream<Path> libs = Files.list(boot)) {
                    for (Path lib : (Iterable<Path>) libs.sorted()::iterator) {
                        describe(lib, key);
                    }
                }
            }
            String name = "app-" + sha256(key.toString()).substring(0, 16);
            Path archive = dir.resolve(name + ".jsa");
            return Optional.of(new ClassDataArchive(archive, dir.resolve(name + "." + UUID.randomUUID() + ".tmp")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void describe(Path file, StringBuilder key) throws IOException {
        key.append(file).append(':').append(Files.size(file)).append(':').append(Files.getLastModifiedTime(file).toMillis()).append('|');
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For the JVM that runs the launcher, as the services are run by it. */
    public static Optional<ClassDataArchive> forJar(Path jar, String javaOptions) {
        return forJar(jar, Path.of(System.getProperty("java.home")), System.getProperty("java.vm.version"), javaOptions);
    }

    /** Whether this run writes the archive at its stop (which then takes a few seconds longer). */
    public boolean writes() {
        return writing;
    }

    /** The JVM options of this start: map the archive if a clean stop wrote it, else write one at this run's stop. */
    public List<String> jvmOptions() {
        if (Files.isRegularFile(archive)) {
            try {
                // Its time says when a start last mapped it: archives of setups unused for long go (removeUnusedArchives).
                Files.setLastModifiedTime(archive, FileTime.from(Instant.now()));
            } catch (IOException e) {
                // read-only: nothing is removed there either
            }
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        try {
            Files.createDirectories(archive.getParent());
            removeStaleTemporaries();
        } catch (IOException e) {
            return List.of();
        }
        writing = true;
        // Errors only: writing the archive warns once per class it leaves out (thousands of "Skipping ...: Not linked"
        // lines in the service's log at that stop), which says nothing a user can act on.
        return List.of("-XX:ArchiveClassesAtExit=" + written, "-Xlog:cds*=error");
    }

    /**
     * After the process ended: the archive it wrote becomes the one later starts map, if it stopped as asked
     * ({@code clean}: in time, with the exit status of a normal exit or of SIGTERM); otherwise what it may have half
     * written is removed.
     */
    public void settle(boolean clean) {
        try {
            if (clean && Files.isRegularFile(written) && Files.size(written) > 0 && !Files.exists(archive)) {
                Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE);
                removeUnusedArchives();
            }
        } catch (IOException e) {
            // Another instance of the same service won the move, or the directory went: the next start writes again.
        } finally {
            try {
                Files.deleteIfExists(written);
            } catch (IOException e) {
                // left for removeStaleTemporaries
            }
        }
    }

    public Path archive() {
        return archive;
    }

    /**
     * Archives of an earlier build, JDK or option set (tens of MB each) that no start mapped for {@link #UNUSED_ARCHIVE},
     * once this one is in place: a Pi keeps its {@code quarkus-app} across updates, and nothing would map them again. Not
     * every other one: two setups used in turn (a second JDK, a benchmark's options) would each remove the other's and
     * write their own at every start.
     */
    private void removeUnusedArchives() throws IOException {
        FileTime limit = FileTime.from(Instant.now().minus(UNUSED_ARCHIVE));
        try (Stream<Path> files = Files.list(archive.getParent())) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(".jsa") && !p.equals(archive))::iterator) {
                try {
                    if (Files.getLastModifiedTime(f).compareTo(limit) < 0) {
                        Files.deleteIfExists(f);
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // another launcher removed it meanwhile: go on with the rest
                }
            }
        }
    }

    /** Temporaries of launchers killed before they could settle (a day old: none of a run still going). */
    private void removeStaleTemporaries() throws IOException {
        FileTime limit = FileTime.from(Instant.now().minus(STALE_TEMPORARY));
        try (Stream<Path> files = Files.list(archive.getParent())) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(".tmp"))::iterator) {
                try {
                    if (Files.getLastModifiedTime(f).compareTo(limit) < 0) {
                        Files.deleteIfExists(f);
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // another launcher removed it meanwhile: go on with the rest
                }
            }
        }
    }
}
