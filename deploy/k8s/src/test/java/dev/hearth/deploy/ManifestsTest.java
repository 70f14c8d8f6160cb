package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Every overlay, rendered (as kubectl kustomize would, and by kubectl itself where it is installed) and parsed into
 * Kubernetes' own model, then checked against the services it runs: no field the model does not know, images and
 * ports and probe paths of the real services, every environment variable one the service reads (from its
 * application.properties), every ConfigMap key present, every Secret key one deploy/README.md tells people to create.
 */
class ManifestsTest {

    static final Path REPO = Path.of("../..").toAbsolutePath().normalize();
    static final Set<String> SERVICES = Set.of("sensor-gateway", "control-service", "history-service", "web-edge");
    /** Read by the JVM or by Quarkus itself rather than through a service's application.properties. */
    static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS", "QUARKUS_CONFIG_LOCATIONS");
    /** The one container that must be privileged: the device plugin hands out device files, so the gateway need not be. */
    static final Set<String> PRIVILEGED_ALLOWED = Set.of("generic-device-plugin");

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    @ParameterizedTest
    @ValueSource(strings = {"home", "edge-cloud/edge", "edge-cloud/cloud", "scale-out"})
    void everyOverlayRendersIntoValidResourcesThatAgreeWithTheServices(String overlay) throws Exception {
        List<ObjectNode> rendered = Kustomize.render(Path.of(overlay));
        List<ObjectNode> byKubectl = Kustomize.withKubectl(Path.of(overlay));
        if (byKubectl != null) {
            assertThat(new HashSet<>(rendered)).as("this renderer and kubectl kustomize agree").isEqualTo(new HashSet<>(byKubectl));
        }

        List<HasMetadata> resources = new ArrayList<>();
        for (ObjectNode doc : rendered) {
            HasMetadata resource = serialization.unmarshal(Kustomize.YAML.writeValueAsString(doc), HasMetadata.class);
            if (OperatorResources.isKnown(doc)) {
                OperatorResources.check(doc, secretKeysInReadme());
                resources.add(resource);
                continue;
            }
            assertThat(resource).as("%s is a kind the model knows", doc.path("kind").asText()).isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(unknownFields(resource, doc.path("kind").asText() + "/" + resource.getMetadata().getName()))
                    .as("fields the Kubernetes model does not know").isEmpty();
            resources.add(resource);
        }

        Map<String, ConfigMap> configMaps = resources.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c));
        Map<String, Set<String>> secretKeys = secretKeysInReadme();
        SoftAssertions softly = new SoftAssertions();
        int hearthContainers = 0;
        for (HasMetadata resource : resources) {
            PodSpec pod = podSpec(resource);
            if (pod == null) {
                continue;
            }
            List<Container> containers = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                containers.addAll(pod.getInitContainers());
            }
            for (Container c : containers) {
                String where = resource.getKind() + "/" + resource.getMetadata().getName() + " " + c.getName();
                if (!PRIVILEGED_ALLOWED.contains(c.getName())) {
                    softly.assertThat(c.getSecurityContext() != null && Boolean.TRUE.equals(c.getSecurityContext().getPrivileged()))
                            .as(where + " privileged").isFalse();
                }
                for (EnvVar env : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                        var ref = env.getValueFrom().getConfigMapKeyRef();
                        softly.assertThat(configMaps).as(where + " ConfigMap " + ref.getName()).containsKey(ref.getName());
                        if (configMaps.containsKey(ref.getName())) {
                            softly.assertThat(configMaps.get(ref.getName()).getData()).as(where + " " + env.getName()).containsKey(ref.getKey());
                        }
                    }
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        var ref = env.getValueFrom().getSecretKeyRef();
                        softly.assertThat(secretKeys.getOrDefault(ref.getName(), Set.of()))
                                .as(where + " " + env.getName() + ": key '" + ref.getKey() + "' of Secret " + ref.getName()
                                        + " is one deploy/README.md has people create")
                                .contains(ref.getKey());
                    }
                }
                String module = hearthModule(c.getImage());
                if (module == null) {
                    continue;
                }
                hearthContainers++;
                Properties config = applicationProperties(module);
                String raw = Kustomize.read(REPO.resolve(module + "/src/main/resources/application.properties"));
                int port = Integer.parseInt(config.getProperty("quarkus.http.port"));
                softly.assertThat(c.getPorts()).as(where + " port").anyMatch(p -> p.getContainerPort() == port && "http".equals(p.getName()));
                // Each probe on its own check: a liveness probe on readiness would restart a service whenever the broker
                // is away.
                Map<String, Probe> probes = new HashMap<>();
                probes.put("/q/health/started", c.getStartupProbe());
                probes.put("/q/health/ready", c.getReadinessProbe());
                probes.put("/q/health/live", c.getLivenessProbe());
                probes.forEach((path, probe) -> {
                    softly.assertThat(probe).as(where + " probe " + path).isNotNull();
                    if (probe != null) {
                        softly.assertThat(probe.getHttpGet().getPath()).as(where + " probe path").isEqualTo(path);
                        softly.assertThat(probe.getHttpGet().getPort().getStrVal()).as(where + " probe port").isEqualTo("http");
                    }
                });
                // A directory a service writes must be on a volume it can write: a claim or an emptyDir.
                for (EnvVar env : c.getEnv()) {
                    if (env.getName().endsWith("_DIR") && env.getValue() != null) {
                        softly.assertThat(writableVolumeFor(pod, c, env.getValue())).as(where + " " + env.getName() + " is on a writable volume")
                                .isTrue();
                    }
                }
                softly.assertThat(c.getResources().getRequests()).as(where + " requests").containsKeys("cpu", "memory");
                softly.assertThat(c.getResources().getLimits()).as(where + " limits").containsKey("memory");
                for (EnvVar env : c.getEnv()) {
                    if (!JVM_ENV.contains(env.getName()) && !composesAnother(c, env)) {
                        softly.assertThat(readsEnv(config, raw, env.getName()))
                                .as(where + ": " + env.getName() + " is read by " + module + " (application.properties)").isTrue();
                    }
                }
                softly.assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(where).isFalse();
            }
        }
        softly.assertAll();
        assertThat(hearthContainers).as("Hearth's services in " + overlay).isPositive();
    }

    /**
     * What may be reached from outside the namespace, per overlay: at home web-edge only; at the edge nothing (the
     * bridge connects out); in the cloud web-edge and the broker's TLS port for the homes' bridges.
     */
    static final Map<String, Map<String, Integer>> OPEN = Map.of(
            "home", Map.of("web-edge", 8080),
            "edge-cloud/edge", Map.of(),
            "edge-cloud/cloud", Map.of("web-edge", 8080, "mosquitto", 8883),
            "scale-out", Map.of("web-edge", 8080, "emqx", 8883));

    @ParameterizedTest
    @ValueSource(strings = {"home", "edge-cloud/edge", "edge-cloud/cloud", "scale-out"})
    void onlyWhatShouldBeIsReachableFromOutsideAndOnlyWebEdgeReachesHistory(String overlay) throws Exception {
        List<HasMetadata> resources = new ArrayList<>();
        for (ObjectNode doc : Kustomize.render(Path.of(overlay))) {
            resources.add(serialization.unmarshal(Kustomize.YAML.writeValueAsString(doc), HasMetadata.class));
        }
        List<NetworkPolicy> policies = resources.stream().filter(NetworkPolicy.class::isInstance).map(NetworkPolicy.class::cast).toList();
        assertThat(policies).as("a default deny of ingress").anyMatch(p -> isEmpty(p.getSpec().getPodSelector().getMatchLabels())
                && isEmpty(p.getSpec().getIngress()) && p.getSpec().getPolicyTypes().contains("Ingress"));
        Map<String, Integer> open = new HashMap<>();
        for (NetworkPolicy p : policies) {
            Map<String, String> selector = p.getSpec().getPodSelector().getMatchLabels();
            if (isEmpty(selector) || isEmpty(p.getSpec().getIngress())) {
                continue;
            }
            String app = selector.get("app.kubernetes.io/name");
            for (var rule : p.getSpec().getIngress()) {
                if (isEmpty(rule.getFrom())) {
                    assertThat(rule.getPorts()).as(p.getMetadata().getName() + " opens named ports only").hasSize(1);
                    open.put(app, rule.getPorts().get(0).getPort().getIntVal());
                }
            }
            if ("history-service".equals(app)) {
                assertThat(p.getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getFrom())
                        .allSatisfy(peer -> assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "web-edge")));
            }
        }
        assertThat(open).as("reachable from outside the namespace").isEqualTo(OPEN.get(overlay));
        // Inside: every service reaches the broker, history-service and web-edge reach PostgreSQL.
        Map<String, Map<String, String>> podLabels = new HashMap<>();
        for (HasMetadata r : resources) {
            if (r instanceof GenericKubernetesResource cluster && "Cluster".equals(cluster.getKind())) {
                // CloudNativePG's instances carry the cluster's name as a label.
                podLabels.put("postgres", Map.of("cnpg.io/cluster", cluster.getMetadata().getName()));
            }
            if (podSpec(r) != null) {
                podLabels.put(r.getMetadata().getName(), r instanceof Deployment d ? d.getSpec().getTemplate().getMetadata().getLabels()
                        : r instanceof StatefulSet st ? st.getSpec().getTemplate().getMetadata().getLabels()
                        : ((DaemonSet) r).getSpec().getTemplate().getMetadata().getLabels());
            }
        }
        for (String client : List.of("sensor-gateway", "control-service", "history-service", "web-edge")) {
            for (String broker : List.of("mosquitto", "emqx")) {
                if (podLabels.containsKey(client) && podLabels.containsKey(broker)) {
                    assertThat(allows(policies, podLabels.get(broker), podLabels.get(client), 1883)).as(client + " reaches the broker").isTrue();
                }
            }
        }
        if (podLabels.containsKey("emqx")) {
            for (int port : List.of(4370, 5369)) {
                assertThat(allows(policies, podLabels.get("emqx"), podLabels.get("emqx"), port)).as("EMQX nodes reach each other on " + port).isTrue();
            }
        }
        // History and web-edge reach PostgreSQL; a replicated PostgreSQL's instances also reach each other.
        boolean replicated = podLabels.getOrDefault("postgres", Map.of()).containsKey("cnpg.io/cluster");
        for (String client : replicated ? List.of("history-service", "web-edge", "postgres") : List.of("history-service", "web-edge")) {
            if (podLabels.containsKey(client) && podLabels.containsKey("postgres")) {
                assertThat(allows(policies, podLabels.get("postgres"), podLabels.get(client), 5432)).as(client + " reaches PostgreSQL").isTrue();
            }
        }
        if (podLabels.containsKey("sensor-gateway") && podLabels.containsKey("history-service")) {
            assertThat(allows(policies, podLabels.get("history-service"), podLabels.get("sensor-gateway"), 8083))
                    .as("the gateway does not reach history-service").isFalse();
        }
        if (open.containsKey("web-edge")) {
            Ingress ingress = resources.stream().filter(Ingress.class::isInstance).map(Ingress.class::cast).findFirst().orElseThrow();
            String backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName();
            assertThat(backend).isEqualTo("web-edge");
            assertThat(resources).anyMatch(r -> r instanceof Service && r.getMetadata().getName().equals("web-edge"));
        }
        resources.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
                .filter(d -> d.getMetadata().getName().equals("sensor-gateway")).forEach(gateway -> {
                    assertThat(gateway.getSpec().getTemplate().getSpec().getNodeSelector()).containsKey("hearth.dev/gateway");
                    assertThat(gateway.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits())
                            .containsKeys("squat.ai/gpio", "squat.ai/i2c");
                });
    }

    /**
     * The scale-out overlay runs several of each: history-service replicas in one share group, each under a client id
     * of its own that survives its restarts; two web-edge replicas; a three-node broker whose nodes find each other;
     * the services pointed at the broker's Service and at the replicated database's read-write Service.
     */
    @org.junit.jupiter.api.Test
    void scaleOutRunsSeveralOfEachWithOneSessionPerHistoryReplica() throws Exception {
        Map<String, ObjectNode> byKindAndName = new HashMap<>();
        for (ObjectNode doc : Kustomize.render(Path.of("scale-out"))) {
            byKindAndName.put(doc.path("kind").asText() + "/" + doc.at("/metadata/name").asText(), doc);
        }
        JsonNode history = byKindAndName.get("StatefulSet/history-service");
        assertThat(history).as("history-service as a StatefulSet: stable pod names").isNotNull();
        assertThat(history.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
        Map<String, JsonNode> env = new HashMap<>();
        history.at("/spec/template/spec/containers/0/env").forEach(e -> env.put(e.path("name").asText(), e));
        assertThat(env.get("HEARTH_MQTT_SHARE_GROUP").path("value").asText()).isNotBlank();
        assertThat(env.get("HEARTH_MQTT_CLIENT_ID").path("value").asText()).contains("$(POD_NAME)").contains("$(HEARTH_HOME)");
        assertThat(env.get("POD_NAME").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
        // A copy of base/history-service (the renderer has no patches): the same container but for those three variables.
        JsonNode base = Kustomize.render(Path.of("base/history-service")).stream().filter(d -> d.path("kind").asText().equals("Deployment"))
                .findFirst().orElseThrow().at("/spec/template/spec/containers/0");
        ObjectNode copy = ((ObjectNode) history.at("/spec/template/spec/containers/0")).deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode copyEnv = copy.putArray("env");
        history.at("/spec/template/spec/containers/0/env").forEach(e -> {
            if (!Set.of("HEARTH_MQTT_SHARE_GROUP", "POD_NAME", "HEARTH_MQTT_CLIENT_ID").contains(e.path("name").asText())) {
                copyEnv.add(e);
            }
        });
        assertThat(copy).as("scale-out's history-service container against base/history-service's").isEqualTo(base);

        assertThat(byKindAndName.get("Deployment/web-edge").at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode emqx = byKindAndName.get("StatefulSet/emqx");
        assertThat(emqx.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(3);
        JsonNode headless = byKindAndName.get("Service/" + emqx.at("/spec/serviceName").asText());
        assertThat(headless.at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(headless.at("/spec/publishNotReadyAddresses").asBoolean()).as("starting nodes find each other").isTrue();

        JsonNode config = byKindAndName.get("ConfigMap/hearth-config").path("data");
        assertThat(byKindAndName).containsKey("Service/" + config.path("mqtt-host").asText());
        String database = byKindAndName.keySet().stream().filter(k -> k.startsWith("Cluster/")).findFirst().orElseThrow().substring(8);
        assertThat(config.path("jdbc-url").asText()).startsWith("jdbc:postgresql://" + database + "-rw:5432/");
        assertThat(config.path("reactive-url").asText()).startsWith("postgresql://" + database + "-rw:5432/");
    }

    /** Whether some policy selecting the target pod lets a pod with {@code client}'s labels in on {@code port}. */
    static boolean allows(List<NetworkPolicy> policies, Map<String, String> target, Map<String, String> client, int port) {
        for (NetworkPolicy p : policies) {
            Map<String, String> selector = p.getSpec().getPodSelector().getMatchLabels();
            if (isEmpty(selector) || !target.entrySet().containsAll(selector.entrySet()) || isEmpty(p.getSpec().getIngress())) {
                continue;
            }
            for (var rule : p.getSpec().getIngress()) {
                boolean portOk = isEmpty(rule.getPorts()) || rule.getPorts().stream().anyMatch(pp -> pp.getPort().getIntVal() == port);
                boolean fromOk = isEmpty(rule.getFrom()) || rule.getFrom().stream().anyMatch(peer -> peer.getPodSelector() != null
                        && peer.getNamespaceSelector() == null && peer.getIpBlock() == null
                        && client.entrySet().containsAll(peer.getPodSelector().getMatchLabels().entrySet()));
                if (portOk && fromOk) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code path} lies on a volume mount of {@code c} backed by a claim, a claim template or an emptyDir. */
    static boolean writableVolumeFor(PodSpec pod, Container c, String path) {
        for (var mount : c.getVolumeMounts()) {
            if (!path.equals(mount.getMountPath()) && !path.startsWith(mount.getMountPath() + "/")) {
                continue;
            }
            var volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst();
            // A volume not in the pod spec comes from a StatefulSet's volumeClaimTemplates.
            return volume.isEmpty() || volume.get().getPersistentVolumeClaim() != null || volume.get().getEmptyDir() != null;
        }
        return false;
    }

    static boolean isEmpty(Object mapOrList) {
        return mapOrList == null || (mapOrList instanceof Map<?, ?> m && m.isEmpty()) || (mapOrList instanceof Collection<?> c && c.isEmpty());
    }

    /**
     * A variable from the downward API that only serves to compose another one, like {@code POD_NAME} in
     * {@code HEARTH_MQTT_CLIENT_ID: hearth-history-$(HEARTH_HOME)-$(POD_NAME)}: Kubernetes expands it, the service never
     * sees it by name.
     */
    static boolean composesAnother(Container c, EnvVar env) {
        return env.getValueFrom() != null && env.getValueFrom().getFieldRef() != null && c.getEnv().stream()
                .anyMatch(other -> other != env && other.getValue() != null && other.getValue().contains("$(" + env.getName() + ")"));
    }

    /** Whether the service reads this variable: a property it maps to, or a ${VAR} its properties name. */
    static boolean readsEnv(Properties config, String raw, String env) {
        if (raw.contains("${" + env + "}") || raw.contains("${" + env + ":")) {
            return true;
        }
        return config.stringPropertyNames().stream().map(k -> k.startsWith("%") ? k.substring(k.indexOf('.') + 1) : k)
                .anyMatch(k -> k.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT).equals(env));
    }

    /** {@code hearth/web-edge:0.1.0} → {@code web-edge}; null for an image that is not one of Hearth's services. */
    static String hearthModule(String image) {
        Matcher m = Pattern.compile("(?:.*/)?hearth/([a-z-]+)(?::[^/]+)?").matcher(image);
        return m.matches() && SERVICES.contains(m.group(1)) ? m.group(1) : null;
    }

    static Properties applicationProperties(String module) throws Exception {
        Properties p = new Properties();
        try (var in = java.nio.file.Files.newBufferedReader(REPO.resolve(module + "/src/main/resources/application.properties"))) {
            p.load(in);
        }
        return p;
    }

    /** The Secrets deploy/README.md tells people to make: {@code kubectl create secret generic NAME --from-literal=KEY=…}. */
    static Map<String, Set<String>> secretKeysInReadme() {
        String readme = Kustomize.read(REPO.resolve("deploy/README.md")).replace("\\\n", " ");
        Map<String, Set<String>> keys = new HashMap<>();
        Matcher command = Pattern.compile("kubectl(?: -n \\S+)? create secret generic (\\S+)([^\\n]*)").matcher(readme);
        while (command.find()) {
            Matcher literal = Pattern.compile("--from-literal=([a-z0-9-]+)=").matcher(command.group(2));
            while (literal.find()) {
                keys.computeIfAbsent(command.group(1), k -> new HashSet<>()).add(literal.group(1));
            }
        }
        return keys;
    }

    static PodSpec podSpec(HasMetadata resource) {
        if (resource instanceof Deployment d) {
            return d.getSpec().getTemplate().getSpec();
        }
        if (resource instanceof StatefulSet s) {
            return s.getSpec().getTemplate().getSpec();
        }
        if (resource instanceof DaemonSet d) {
            return d.getSpec().getTemplate().getSpec();
        }
        return null;
    }

    /** Paths of every field the model kept aside as "additional properties": fields Kubernetes does not have. */
    static List<String> unknownFields(Object root, String where) throws Exception {
        List<String> unknown = new ArrayList<>();
        walk(root, where, unknown, new IdentityHashMap<>());
        return unknown;
    }

    private static void walk(Object node, String path, List<String> unknown, IdentityHashMap<Object, Boolean> seen) throws Exception {
        if (node == null || seen.put(node, true) != null) {
            return;
        }
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                walk(e.getValue(), path + "." + e.getKey(), unknown, seen);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method m : node.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value = m.invoke(node);
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
                continue;
            }
            walk(value, path + "." + m.getName().substring(3), unknown, seen);
        }
    }
}
