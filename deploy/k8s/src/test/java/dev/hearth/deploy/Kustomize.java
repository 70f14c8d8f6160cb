package dev.hearth.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

/**
 * Renders a kustomization as {@code kubectl kustomize} does, for the part of kustomize that Hearth's overlays use:
 * {@code resources} (files, and directories with their own kustomization), {@code namespace},
 * {@code configMapGenerator} from files without a hash suffix, {@code images} and {@code replicas}. Anything else in a
 * kustomization fails the render, so an overlay cannot quietly use what this does not check. Where {@code kubectl} is
 * installed, {@link #withKubectl} renders the real way, and the test compares the two.
 */
final class Kustomize {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> KNOWN = Set.of("apiVersion", "kind", "resources", "namespace", "configMapGenerator",
            "generatorOptions", "images", "replicas");
    /** Kinds that live outside namespaces. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");

    private Kustomize() {
    }

    static List<ObjectNode> render(Path dir) {
        JsonNode k = readOne(dir.resolve("kustomization.yaml"));
        k.fieldNames().forEachRemaining(field -> {
            if (!KNOWN.contains(field)) {
                throw new IllegalStateException(dir + "/kustomization.yaml uses '" + field + "', which this renderer does not know");
            }
        });
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                out.addAll(render(path));
            } else {
                out.addAll(readAll(path));
            }
        }
        for (JsonNode generator : k.path("configMapGenerator")) {
            if (!k.path("generatorOptions").path("disableNameSuffixHash").asBoolean(false)) {
                throw new IllegalStateException(dir + ": configMapGenerator without disableNameSuffixHash is not rendered here");
            }
            ObjectNode map = YAML.createObjectNode().put("apiVersion", "v1").put("kind", "ConfigMap");
            map.putObject("metadata").put("name", generator.path("name").asText());
            ObjectNode data = map.putObject("data");
            for (JsonNode file : generator.path("files")) {
                Path path = dir.resolve(file.asText());
                data.put(path.getFileName().toString(), read(path));
            }
            out.add(map);
        }
        for (JsonNode image : k.path("images")) {
            for (ObjectNode doc : out) {
                for (JsonNode container : containers(doc)) {
                    String current = container.path("image").asText();
                    String name = current.contains(":") ? current.substring(0, current.lastIndexOf(':')) : current;
                    String tag = current.contains(":") ? current.substring(current.lastIndexOf(':') + 1) : "latest";
                    if (name.equals(image.path("name").asText())) {
                        ((ObjectNode) container).put("image", image.path("newName").asText(name) + ":" + image.path("newTag").asText(tag));
                    }
                }
            }
        }
        for (JsonNode replicas : k.path("replicas")) {
            out.stream().filter(d -> d.path("metadata").path("name").asText().equals(replicas.path("name").asText()))
                    .filter(d -> d.path("spec").has("replicas"))
                    .forEach(d -> ((ObjectNode) d.path("spec")).put("replicas", replicas.path("count").asInt()));
        }
        if (k.hasNonNull("namespace")) {
            String namespace = k.path("namespace").asText();
            for (ObjectNode doc : out) {
                if (!CLUSTER_SCOPED.contains(doc.path("kind").asText())) {
                    ((ObjectNode) doc.with("metadata")).put("namespace", namespace);
                } else if (doc.path("kind").asText().equals("Namespace")) {
                    // kustomize renames the one Namespace to the overlay's namespace.
                    ((ObjectNode) doc.with("metadata")).put("name", namespace);
                }
            }
        }
        return out;
    }

    /** {@code kubectl kustomize dir}, or null when there is no kubectl. */
    static List<ObjectNode> withKubectl(Path dir) throws Exception {
        Path kubectl = Path.of("/usr/bin/kubectl");
        if (!Files.isExecutable(kubectl)) {
            return null;
        }
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + output);
        }
        return parseAll(output);
    }

    static List<JsonNode> containers(JsonNode doc) {
        List<JsonNode> all = new ArrayList<>();
        JsonNode pod = doc.path("spec").path("template").path("spec");
        pod.path("initContainers").forEach(all::add);
        pod.path("containers").forEach(all::add);
        return all;
    }

    private static List<ObjectNode> readAll(Path file) {
        return parseAll(read(file));
    }

    static List<ObjectNode> parseAll(String text) {
        List<ObjectNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(text)) {
            for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (doc != null && !doc.isNull() && doc.isObject()) {
                    docs.add((ObjectNode) doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    private static JsonNode readOne(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
