package dev.hearth.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class-data archive with this machine's JVM: a run stopped as asked leaves an archive the next run maps
 * (its classes come from it), a killed run leaves nothing, a rebuilt jar gets a new archive.
 */
class ClassDataArchiveTest {

    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    @TempDir
    Path dir;

    private Path jar;

    @BeforeEach
    void probeJar() throws IOException {
        jar = dir.resolve("quarkus-app/probe.jar");
        writeProbeJar(jar);
    }

    @Test
    void aCleanStopLeavesAnArchiveTheNextStartMaps() throws Exception {
        ClassDataArchive first = ClassDataArchive.forJar(jar, "-Xmx32m").orElseThrow();
        List<String> writing = first.jvmOptions();
        assertThat(writing).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
        assertThat(run(writing, false).exitValue()).isZero();
        first.settle(true);
        assertThat(first.archive()).isRegularFile().hasParent(jar.getParent().resolve("cds"));
        assertThat(temporaries()).as("the run's own file became the archive").isEmpty();

        ClassDataArchive second = ClassDataArchive.forJar(jar, "-Xmx32m").orElseThrow();
        assertThat(second.archive()).isEqualTo(first.archive());
        List<String> mapping = new ArrayList<>(second.jvmOptions());
        assertThat(mapping).containsExactly("-XX:SharedArchiveFile=" + first.archive());
        // -Xshare:on fails the start if the archive cannot be mapped; the class-load log names where each class came from.
        mapping.add("-Xshare:on");
        mapping.add("-Xlog:class+load=info");
        Process mapped = run(mapping, false);
        String log = new String(mapped.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(mapped.waitFor()).as(log).isZero();
        assertThat(log).containsPattern("dev\\.hearth\\.local\\.stack\\.CdsProbe source: shared objects file \\(top\\)");
    }

    @Test
    void aKilledRunLeavesNothingToMap() throws Exception {
        ClassDataArchive cds = ClassDataArchive.forJar(jar, "").orElseThrow();
        run(cds.jvmOptions(), true);
        cds.settle(false);
        assertThat(cds.archive()).doesNotExist();
        assertThat(temporaries()).isEmpty();
        assertThat(ClassDataArchive.forJar(jar, "").orElseThrow().jvmOptions()).singleElement().asString()
                .as("the next start writes again").startsWith("-XX:ArchiveClassesAtExit=");
    }

    @Test
    void aRebuiltJarOrAnotherJvmGetsAnArchiveOfItsOwn() throws IOException {
        Path before = ClassDataArchive.forJar(jar, "").orElseThrow().archive();
        assertThat(ClassDataArchive.forJar(jar, JAVA_HOME, "another-build", "").orElseThrow().archive()).isNotEqualTo(before);
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        assertThat(ClassDataArchive.forJar(jar, "").orElseThrow().archive()).isNotEqualTo(before);
    }

    @Test
    void noneWhereTheJvmHasNoCdsOrTheOptionsAlreadyChoose() throws IOException {
        Path jdkWithoutCds = Files.createDirectories(dir.resolve("jdk/lib/server"));
        assertThat(ClassDataArchive.forJar(jar, jdkWithoutCds.getParent().getParent(), "17", "")).isEmpty();
        assertThat(ClassDataArchive.forJar(jar, "-Xmx64m -Xshare:off")).isEmpty();
        assertThat(ClassDataArchive.forJar(jar, "-XX:SharedArchiveFile=/elsewhere.jsa")).isEmpty();
    }

    /** Runs the probe; {@code kill} ends it with SIGKILL while it waits, as a power cut or an OOM kill would. */
    private Process run(List<String> options, boolean kill) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(JAVA_HOME.resolve("bin/java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", jar.toString(), CdsProbe.class.getName(), kill ? "wait" : "exit"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (kill) {
            // The probe says it is up before it waits, so the kill lands in a running JVM, not in its start.
            assertThat(new String(p.getInputStream().readNBytes(3), StandardCharsets.UTF_8)).isEqualTo("up\n");
            p.destroyForcibly();
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p;
    }

    private List<Path> temporaries() throws IOException {
        Path cds = jar.getParent().resolve("cds");
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(p -> p.toString().endsWith(".tmp")).toList();
        }
    }

    private static void writeProbeJar(Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        String entry = CdsProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
                InputStream in = CdsProbe.class.getClassLoader().getResourceAsStream(entry)) {
            jarOut.putNextEntry(new JarEntry(entry));
            in.transferTo(jarOut);
            jarOut.closeEntry();
        }
    }
}
