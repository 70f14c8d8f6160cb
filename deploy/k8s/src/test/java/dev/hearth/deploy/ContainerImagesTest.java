package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The services' container images, made by deploy/images's Jib configuration exactly as a user runs it (a Maven child
 * process, {@code -Ptar}), for the Pi's arm64 and for amd64. No registry is reachable here, so the base is
 * {@code scratch} instead of the Java runtime image a real build starts from: what is checked is Hearth's part, that
 * the image holds the whole packaged service, starts it the way the manifests expect, and is named as they name it.
 */
class ContainerImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"arm64", "amd64"})
    void eachServiceImageHoldsThePackagedServiceAndAgreesWithTheManifests(String architecture, @TempDir Path out) throws Exception {
        build(architecture, out);
        Map<String, ObjectNode> deployed = deployedWorkloads();
        Map<String, String> imageNames = imageNamesInHomeOverlay();

        for (String service : ManifestsTest.SERVICES) {
            Path tar = out.resolve(service + ".tar");
            assertThat(tar).as(service + " image tarball").exists();
            Map<String, byte[]> files = entries(tar, name -> name.endsWith(".json"));
            JsonNode manifest = JSON.readTree(files.get("manifest.json")).get(0);
            JsonNode config = JSON.readTree(files.get(manifest.path("Config").asText()));

            assertThat(manifest.path("RepoTags").get(0).asText()).as(service + ": the name deploy/k8s/home runs")
                    .isEqualTo(imageNames.get(service));
            assertThat(config.path("architecture").asText()).isEqualTo(architecture);
            assertThat(config.path("os").asText()).isEqualTo("linux");

            JsonNode container = config.path("config");
            int port = Integer.parseInt(ManifestsTest.applicationProperties(service).getProperty("quarkus.http.port"));
            assertThat(fieldNames(container.path("ExposedPorts"))).as(service + " port").containsExactly(port + "/tcp");
            long runAsUser = deployed.get(service).at("/spec/template/spec/securityContext/runAsUser").asLong();
            assertThat(container.path("User").asText()).as(service + ": the user the manifests run it as").isEqualTo(String.valueOf(runAsUser));
            assertThat(JSON.convertValue(container.path("Entrypoint"), List.class)).containsExactly("java", "-jar", "/deployments/quarkus-run.jar");
            assertThat(container.path("WorkingDir").asText()).isEqualTo("/deployments");

            // Every file of the packaged service, and nothing of Jib's own Java layout.
            List<Set<String>> layers = new ArrayList<>();
            for (JsonNode layer : manifest.path("Layers")) {
                layers.add(layerFiles(tar, layer.asText()));
            }
            Set<String> inImage = layers.stream().flatMap(Set::stream).collect(Collectors.toSet());
            Path app = ManifestsTest.REPO.resolve(service + "/target/quarkus-app");
            try (Stream<Path> packaged = Files.walk(app)) {
                Set<String> expected = packaged.filter(Files::isRegularFile)
                        .map(p -> "deployments/" + app.relativize(p).toString().replace('\\', '/')).collect(Collectors.toSet());
                assertThat(inImage).as(service + ": the packaged quarkus-app").containsAll(expected);
            }
            assertThat(inImage).as(service + ": nothing outside /deployments").allMatch(name -> name.startsWith("deployments/"));
            // The last layer is the service's own code, apart from the libraries that a code change leaves alone.
            assertThat(layers.get(layers.size() - 1)).as(service + " last layer").isNotEmpty()
                    .allMatch(name -> name.startsWith("deployments/app/")).anyMatch(name -> name.contains("hearth-" + service));
        }
    }

    /**
     * deploy/images with -Ptar, as its pom tells people to run it, on the scratch base; with this build's Maven, local
     * repository and offline setting (from surefire), or the {@code mvn} on the PATH when run from an IDE.
     */
    private static void build(String architecture, Path out) throws Exception {
        for (String service : ManifestsTest.SERVICES) {
            Assumptions.assumeTrue(Files.isDirectory(ManifestsTest.REPO.resolve(service + "/target/quarkus-app")),
                    "package the services first (mvn -DskipTests package at the root): " + service + " is not");
        }
        String home = System.getProperty("hearth.maven.home");
        List<String> command = new ArrayList<>(List.of(home == null ? "mvn" : Path.of(home, "bin", "mvn").toString(), "-B"));
        if (System.getProperty("hearth.maven.repository") != null) {
            command.add("-Dmaven.repo.local=" + System.getProperty("hearth.maven.repository"));
        }
        if (System.getProperty("hearth.maven.offline", "").endsWith("true")) {
            command.add("-o");
        }
        command.addAll(List.of("-f", ManifestsTest.REPO.resolve("deploy/images/pom.xml").toString(), "package", "-Ptar",
                "-Dhearth.image.base=scratch", "-Dhearth.image.architecture=" + architecture, "-Dhearth.image.output=" + out));
        Process maven = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.resolve("jib.log").toFile()).start();
        Path log = out.resolve("jib.log");
        boolean done = maven.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            maven.destroyForcibly();
        }
        assertThat(done && maven.exitValue() == 0).as("Jib build of the images, log:%n%s", tail(log)).isTrue();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    /** Service → its workload in the home overlay. */
    private static Map<String, ObjectNode> deployedWorkloads() {
        Map<String, ObjectNode> byService = new HashMap<>();
        for (ObjectNode doc : Kustomize.render(Path.of("home"))) {
            String name = doc.at("/metadata/name").asText();
            if (ManifestsTest.SERVICES.contains(name) && doc.at("/spec/template").isObject()) {
                byService.put(name, doc);
            }
        }
        return byService;
    }

    /** Service → the image reference the home overlay runs, after its {@code images:} rewrite. */
    private static Map<String, String> imageNamesInHomeOverlay() {
        Map<String, String> names = new HashMap<>();
        deployedWorkloads().forEach((service, doc) -> names.put(service, doc.at("/spec/template/spec/containers/0/image").asText()));
        return names;
    }

    private static Map<String, byte[]> entries(Path tar, java.util.function.Predicate<String> wanted) throws IOException {
        Map<String, byte[]> found = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (wanted.test(e.getName())) {
                    found.put(e.getName(), in.readAllBytes());
                }
            }
        }
        return found;
    }

    /** The regular files of one layer (a gzipped tar inside the image tarball). */
    private static Set<String> layerFiles(Path tar, String layer) throws IOException {
        try (TarArchiveInputStream image = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e = image.getNextEntry(); e != null; e = image.getNextEntry()) {
                if (e.getName().equals(layer)) {
                    return filesOf(new GZIPInputStream(image));
                }
            }
        }
        throw new IllegalStateException(layer + " is not in " + tar);
    }

    private static Set<String> filesOf(InputStream layer) throws IOException {
        Set<String> files = new LinkedHashSet<>();
        TarArchiveInputStream in = new TarArchiveInputStream(layer);
        for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            if (e.isFile()) {
                files.add(e.getName().startsWith("/") ? e.getName().substring(1) : e.getName());
            }
        }
        return files;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
