package dev.hearth.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive with this machine's JVM, through {@link ServiceProcess} as the services run: a
 * {@code java -jar} whose manifest puts a library of {@code lib/boot} on the class path. A service stopped as asked
 * leaves an archive its next start maps (its classes and its library's come from it); one that ends otherwise leaves
 * nothing; a changed jar, library, JVM or option set gets an archive of its own.
 */
class ClassDataArchiveTest {

    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));
    /** Logs where each class came from, into the service's log. */
    private static final String OPTIONS = "-Xmx32m -XX:+UseSerialGC -Xlog:class+load=info";

    @TempDir
    Path dir;

    private Path app;
    private Path jar;

    @BeforeEach
    void probeApp() throws IOException {
        app = dir.resolve("quarkus-app");
        jar = app.resolve("probe.jar");
        writeJar(app.resolve("lib/boot/helper.jar"), null, CdsProbeHelper.class);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, CdsProbe.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/boot/helper.jar");
        writeJar(jar, manifest, CdsProbe.class);
    }

    @Test
    void aServiceStoppedAsAskedLeavesAnArchiveItsNextStartMaps() throws Exception {
        // Archives of other setups: one a start mapped lately (another JDK used now and then), one long unused.
        Path cds = Files.createDirectories(app.resolve("cds"));
        Path usedLately = Files.writeString(cds.resolve("app-usedlately.jsa"), "other setup");
        Path unused = Files.writeString(cds.resolve("app-unused.jsa"), "earlier build");
        Files.setLastModifiedTime(usedLately, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Files.setLastModifiedTime(unused, FileTime.from(Instant.now().minus(ClassDataArchive.UNUSED_ARCHIVE).minus(Duration.ofDays(1))));

        ServiceProcess first = start("first", Map.of());
        first.close();
        assertThat(first.exitCode()).as("SIGTERM's status").isEqualTo(143);
        Path archive = ClassDataArchive.forJar(jar, OPTIONS).orElseThrow().archive();
        assertThat(archive).isRegularFile().hasParent(app.resolve("cds"));
        assertThat(temporaries()).as("the run's own file became the archive").isEmpty();
        assertThat(usedLately).as("another setup's archive, mapped lately").exists();
        assertThat(unused).as("an archive no start mapped for long").doesNotExist();

        Files.setLastModifiedTime(archive, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        ServiceProcess second = start("second", Map.of());
        second.close();
        assertThat(Files.getLastModifiedTime(archive).toInstant()).as("marked as mapped by this start")
                .isAfter(Instant.now().minus(Duration.ofHours(1)));
        String log = Files.readString(second.logFile(), StandardCharsets.UTF_8);
        assertThat(log).containsPattern("dev\\.hearth\\.local\\.stack\\.CdsProbe source: shared objects file \\(top\\)")
                .as("the library on the manifest's class path too")
                .containsPattern("dev\\.hearth\\.local\\.stack\\.CdsProbeHelper source: shared objects file \\(top\\)");
        assertThat(temporaries()).isEmpty();
    }

    @Test
    void aServiceThatEndsOtherwiseLeavesNothingToMap() throws Exception {
        ServiceProcess crashed = start("crashed", Map.of("HEARTH_PROBE", "exit-1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> !crashed.isAlive());
        assertThat(crashed.exitCode()).isEqualTo(1);
        // The JVM wrote its archive at that exit: this is what must not become the one later starts map.
        assertThat(temporaries()).as("written at the exit").hasSize(1);
        crashed.close();
        assertThat(ClassDataArchive.forJar(jar, OPTIONS).orElseThrow().archive()).doesNotExist();
        assertThat(temporaries()).isEmpty();

        ServiceProcess killed = start("killed", Map.of());
        killed.kill();
        assertThat(ClassDataArchive.forJar(jar, OPTIONS).orElseThrow().archive()).doesNotExist();
        assertThat(temporaries()).isEmpty();
    }

    @Test
    void aRebuiltJarOrLibraryAnotherJvmOrOtherOptionsGetAnArchiveOfTheirOwn() throws IOException {
        Path before = ClassDataArchive.forJar(jar, OPTIONS).orElseThrow().archive();
        assertThat(ClassDataArchive.forJar(jar, OPTIONS).orElseThrow().archive()).as("stable").isEqualTo(before);
        assertThat(ClassDataArchive.forJar(jar, JAVA_HOME, "another-build", OPTIONS).orElseThrow().archive()).isNotEqualTo(before);
        assertThat(ClassDataArchive.forJar(jar, OPTIONS + " -XX:-UseCompressedClassPointers").orElseThrow().archive()).isNotEqualTo(before);
        Files.setLastModifiedTime(app.resolve("lib/boot/helper.jar"), FileTime.from(Instant.now().plusSeconds(60)));
        Path afterLibrary = ClassDataArchive.forJar(jar, OPTIONS).orElseThrow().archive();
        assertThat(afterLibrary).isNotEqualTo(before);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(120)));
        assertThat(ClassDataArchive.forJar(jar, OPTIONS).orElseThrow().archive()).isNotIn(before, afterLibrary);
    }

    @Test
    void noneWhereTheJvmHasNoCdsOrTheOptionsAlreadyChoose() throws IOException {
        Path jdkWithoutCds = Files.createDirectories(dir.resolve("jdk/lib/server"));
        assertThat(ClassDataArchive.forJar(jar, jdkWithoutCds.getParent().getParent(), "17", "")).isEmpty();
        assertThat(ClassDataArchive.forJar(jar, "-Xmx64m -Xshare:off")).isEmpty();
        assertThat(ClassDataArchive.forJar(jar, "-XX:SharedArchiveFile=/elsewhere.jsa")).isEmpty();
    }

    /** Starts the probe as the launcher starts a service, and waits until it says it is up. */
    private ServiceProcess start(String name, Map<String, String> env) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("HEARTH_JAVA_OPTIONS", OPTIONS);
        all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        ServiceProcess p = ServiceProcess.start(name, jar, Ports.free(), all, dir.resolve(name + ".log"));
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.readString(p.logFile(), StandardCharsets.UTF_8).contains("up\n"));
        return p;
    }

    private List<Path> temporaries() throws IOException {
        Path cds = app.resolve("cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(p -> p.toString().endsWith(".tmp")).toList();
        }
    }

    private static void writeJar(Path jar, Manifest manifest, Class<?> type) throws IOException {
        Files.createDirectories(jar.getParent());
        String entry = type.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = manifest == null ? new JarOutputStream(out) : new JarOutputStream(out, manifest);
                InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            in.transferTo(jarOut);
            jarOut.closeEntry();
        }
    }
}
