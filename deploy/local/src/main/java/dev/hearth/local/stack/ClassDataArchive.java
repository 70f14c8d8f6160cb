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
 * 8.2–8.8 → 6.4 s) and hold 20 MB less (their 15,000 classes' metadata in the archive, not in Metaspace); on a Pi,
 * where parsing classes is slow, the gain is larger. Java 17 has no {@code -XX:+AutoCreateSharedArchive} (JDK 19), so
 * the launcher does its part.
 *
 * <p>The archive sits beside the service's jar ({@code target/quarkus-app/cds/}), named after the jar's size and time
 * and the JVM's build: a rebuilt service or another JDK makes a new one, and {@code mvn clean} removes it. The JVM
 * writes it under a name of its own run, which becomes the archive only once that JVM stopped as asked; a run killed
 * mid-write leaves no half archive to be mapped.
 */
public final class ClassDataArchive {

    private static final Duration STALE_TEMPORARY = Duration.ofDays(1);

    private final Path archive;
    private final Path written;

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
            String key = Integer.toHexString((jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis()
                    + "|" + javaHome.toAbsolutePath() + "|" + vmVersion).hashCode());
            Path archive = dir.resolve("app-" + key + ".jsa");
            return Optional.of(new ClassDataArchive(archive, dir.resolve("app-" + key + "." + UUID.randomUUID() + ".tmp")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** For the JVM that runs the launcher, as the services are run by it. */
    public static Optional<ClassDataArchive> forJar(Path jar, String javaOptions) {
        return forJar(jar, Path.of(System.getProperty("java.home")), System.getProperty("java.vm.version"), javaOptions);
    }

    /** The JVM options of this start: map the archive if a clean stop wrote it, else write one at this run's stop. */
    public List<String> jvmOptions() {
        if (Files.isRegularFile(archive)) {
            return List.of("-XX:SharedArchiveFile=" + archive);
        }
        try {
            Files.createDirectories(archive.getParent());
            removeStaleTemporaries();
        } catch (IOException e) {
            return List.of();
        }
        return List.of("-XX:ArchiveClassesAtExit=" + written);
    }

    /**
     * After the process ended: the archive it wrote becomes the one later starts map, if it stopped as asked
     * ({@code clean}); otherwise what it may have half written is removed.
     */
    public void settle(boolean clean) {
        try {
            if (clean && Files.isRegularFile(written) && Files.size(written) > 0 && !Files.exists(archive)) {
                Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE);
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

    /** Temporaries of launchers killed before they could settle (a day old: none of a run still going). */
    private void removeStaleTemporaries() throws IOException {
        FileTime limit = FileTime.from(Instant.now().minus(STALE_TEMPORARY));
        try (Stream<Path> files = Files.list(archive.getParent())) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.getFileName().toString().endsWith(".tmp"))::iterator) {
                if (Files.getLastModifiedTime(f).compareTo(limit) < 0) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }
}
