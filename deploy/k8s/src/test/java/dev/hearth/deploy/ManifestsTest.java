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
import java.util.stream.Stream;

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

        // By namespace and name: in the scale-out cloud every home's namespace has a hearth-config of its own.
        Map<String, ConfigMap> configMaps = resources.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast)
                .collect(Collectors.toMap(ManifestsTest::key, c -> c));
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
                        String map = namespace(resource) + "/" + ref.getName();
                        softly.assertThat(configMaps).as(where + " ConfigMap " + map).containsKey(map);
                        if (configMaps.containsKey(map)) {
                            softly.assertThat(configMaps.get(map).getData()).as(where + " " + env.getName()).containsKey(ref.getKey());
                        }
                    }
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        var ref = env.getValueFrom().getSecretKeyRef();
                        softly.assertThat(secretKeys.getOrDefault(namespace(resource) + "/" + ref.getName(), Set.of()))
                                .as(where + " " + env.getName() + ": key '" + ref.getKey() + "' of Secret " + namespace(resource) + "/" + ref.getName()
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
        Map<String, Map<String, String>> namespaceLabels = new HashMap<>();
        List<Pod> pods = new ArrayList<>();
        for (HasMetadata r : resources) {
            if (r instanceof io.fabric8.kubernetes.api.model.Namespace ns) {
                Map<String, String> labels = new HashMap<>(ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels());
                labels.put("kubernetes.io/metadata.name", ns.getMetadata().getName());
                namespaceLabels.put(ns.getMetadata().getName(), labels);
            }
            if (r instanceof GenericKubernetesResource cluster && "Cluster".equals(cluster.getKind())) {
                // CloudNativePG's instances carry the cluster's name as a label.
                pods.add(new Pod(namespace(r), "postgres", Map.of("cnpg.io/cluster", cluster.getMetadata().getName())));
            }
            if (podSpec(r) != null) {
                pods.add(new Pod(namespace(r), r.getMetadata().getName(), r instanceof Deployment d ? d.getSpec().getTemplate().getMetadata().getLabels()
                        : r instanceof StatefulSet st ? st.getSpec().getTemplate().getMetadata().getLabels()
                        : ((DaemonSet) r).getSpec().getTemplate().getMetadata().getLabels()));
            }
        }
        for (String ns : pods.stream().map(Pod::namespace).collect(Collectors.toSet())) {
            assertThat(policies).as("a default deny of ingress in " + ns).anyMatch(p -> namespace(p).equals(ns)
                    && isEmpty(p.getSpec().getPodSelector().getMatchLabels()) && isEmpty(p.getSpec().getIngress())
                    && p.getSpec().getPolicyTypes().contains("Ingress"));
        }
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
                // web-edge of the same namespace only: not another home's.
                assertThat(p.getSpec().getIngress()).allSatisfy(rule -> assertThat(rule.getFrom()).allSatisfy(peer -> {
                    assertThat(peer.getNamespaceSelector()).isNull();
                    assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "web-edge");
                }));
            }
        }
        assertThat(open).as("reachable from outside the namespace").isEqualTo(OPEN.get(overlay));
        // Inside: every service reaches the broker, history-service and web-edge reach PostgreSQL.
        for (Pod client : pods) {
            if (!Set.of("sensor-gateway", "control-service", "history-service", "web-edge").contains(client.name())) {
                continue;
            }
            for (Pod broker : pods.stream().filter(b -> Set.of("mosquitto", "emqx").contains(b.name())).toList()) {
                assertThat(allows(policies, namespaceLabels, broker, client, 1883)).as(client + " reaches the broker").isTrue();
            }
        }
        for (Pod emqx : pods.stream().filter(p -> p.name().equals("emqx")).toList()) {
            for (int port : List.of(4370, 5369)) {
                assertThat(allows(policies, namespaceLabels, emqx, emqx, port)).as("EMQX nodes reach each other on " + port).isTrue();
            }
        }
        // History and web-edge reach PostgreSQL; a replicated PostgreSQL's instances also reach each other.
        for (Pod postgres : pods.stream().filter(p -> p.name().equals("postgres")).toList()) {
            boolean replicated = postgres.labels().containsKey("cnpg.io/cluster");
            for (Pod client : pods) {
                if (Set.of("history-service", "web-edge").contains(client.name()) || (replicated && client.name().equals("postgres"))) {
                    assertThat(allows(policies, namespaceLabels, postgres, client, 5432)).as(client + " reaches PostgreSQL").isTrue();
                }
            }
        }
        for (Pod history : pods.stream().filter(p -> p.name().equals("history-service")).toList()) {
            for (Pod client : pods) {
                boolean allowed = allows(policies, namespaceLabels, history, client, 8083);
                if (client.name().equals("sensor-gateway")) {
                    assertThat(allowed).as("the gateway does not reach history-service").isFalse();
                }
                if (client.name().equals("web-edge")) {
                    assertThat(allowed).as(client + " reaches " + history + " only in its own namespace (home)")
                            .isEqualTo(client.namespace().equals(history.namespace()));
                }
            }
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
     * The scale-out overlay runs several of each: in every home's namespace history-service replicas in one share group,
     * each under a client id of its own that survives its restarts, and two web-edge replicas; a three-node broker whose
     * nodes find each other; the services pointed at the broker's Service and at the replicated database's read-write
     * Service in the cloud's namespace.
     */
    @org.junit.jupiter.api.Test
    void scaleOutRunsSeveralOfEachWithOneSessionPerHistoryReplica() throws Exception {
        Map<String, ObjectNode> byKey = renderedByKey("scale-out");
        List<String> homes = homeNamespaces(byKey);
        assertThat(homes).as("homes in the scale-out cloud").hasSizeGreaterThanOrEqualTo(2);
        JsonNode baseHistory = Kustomize.render(Path.of("base/history-service")).stream()
                .filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        JsonNode baseWebEdge = Kustomize.render(Path.of("base/web-edge")).stream()
                .filter(d -> d.path("kind").asText().equals("Deployment")).findFirst().orElseThrow();
        for (String ns : homes) {
            JsonNode history = byKey.get("StatefulSet/" + ns + "/history-service");
            assertThat(history).as("history-service of %s as a StatefulSet: stable pod names", ns).isNotNull();
            assertThat(history.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
            Map<String, JsonNode> env = new HashMap<>();
            history.at("/spec/template/spec/containers/0/env").forEach(e -> env.put(e.path("name").asText(), e));
            assertThat(env.get("HEARTH_MQTT_SHARE_GROUP").path("value").asText()).isNotBlank();
            assertThat(env.get("HEARTH_MQTT_CLIENT_ID").path("value").asText()).contains("$(POD_NAME)").contains("$(HEARTH_HOME)");
            assertThat(env.get("POD_NAME").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
            // Copies of base/history-service and base/web-edge (the renderer has no patches): the same containers but
            // for the variables of a shared subscription and of the home's own broker user.
            assertThat(withoutEnv(history, "HEARTH_MQTT_SHARE_GROUP", "POD_NAME", "HEARTH_MQTT_CLIENT_ID", "HEARTH_MQTT_USERNAME",
                    "QUARKUS_DATASOURCE_USERNAME")).as("scale-out's history-service container against base/history-service's")
                    .isEqualTo(withoutEnv(baseHistory, "HEARTH_MQTT_USERNAME", "QUARKUS_DATASOURCE_USERNAME"));
            JsonNode webEdge = byKey.get("Deployment/" + ns + "/web-edge");
            assertThat(withoutEnv(webEdge, "HEARTH_MQTT_USERNAME", "QUARKUS_DATASOURCE_USERNAME"))
                    .as("scale-out's web-edge container against base/web-edge's")
                    .isEqualTo(withoutEnv(baseWebEdge, "HEARTH_MQTT_USERNAME", "QUARKUS_DATASOURCE_USERNAME"));
            for (JsonNode workload : List.of(history, webEdge)) {
                assertThat(env(workload, "QUARKUS_DATASOURCE_USERNAME").at("/valueFrom/configMapKeyRef/key").asText())
                        .as(ns + ": the home's own database role").isEqualTo("db-user");
            }
            assertThat(env.get("HEARTH_MQTT_USERNAME").path("value").asText()).isEqualTo("hearth-history-$(HEARTH_HOME)");
            assertThat(env(webEdge, "HEARTH_MQTT_USERNAME").path("value").asText()).isEqualTo("hearth-edge-$(HEARTH_HOME)");
            assertThat(byKey.get("Deployment/" + ns + "/web-edge").at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);

            JsonNode config = byKey.get("ConfigMap/" + ns + "/hearth-config").path("data");
            assertThat(byKey).as(ns + ": the broker's Service").containsKey("Service/" + serviceOf(config.path("mqtt-host").asText(), ns));
            Matcher jdbc = Pattern.compile("jdbc:postgresql://([^:/]+):5432/(\\w+)").matcher(config.path("jdbc-url").asText());
            assertThat(jdbc.matches()).as(config.path("jdbc-url").asText()).isTrue();
            String rw = serviceOf(jdbc.group(1), ns);
            assertThat(rw).as("the replicated cluster's read-write Service").endsWith("-rw");
            String clusterKey = "Cluster/" + rw.substring(0, rw.length() - 3);
            assertThat(byKey).containsKey(clusterKey);
            assertThat(config.path("reactive-url").asText()).isEqualTo(config.path("jdbc-url").asText().substring("jdbc:".length()));
            String role = config.path("db-user").asText();
            assertThat(byKey.values()).as(ns + ": its database, declared in the cluster's namespace, owned by its own role")
                    .anyMatch(d -> d.path("kind").asText().equals("Database") && d.at("/spec/name").asText().equals(jdbc.group(2))
                            && d.at("/spec/owner").asText().equals(role)
                            && ("Cluster/" + d.at("/metadata/namespace").asText() + "/" + d.at("/spec/cluster/name").asText()).equals(clusterKey));
            List<String> roles = byKey.get(clusterKey).at("/spec/managed/roles").findValuesAsText("name");
            assertThat(roles).as(ns + ": its role, managed by the cluster").contains(role);
        }
        JsonNode emqx = byKey.get("StatefulSet/hearth/emqx");
        assertThat(emqx.at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(3);
        JsonNode headless = byKey.get("Service/hearth/" + emqx.at("/spec/serviceName").asText());
        assertThat(headless.at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(headless.at("/spec/publishNotReadyAddresses").asBoolean()).as("starting nodes find each other").isTrue();
    }

    /**
     * Many homes in one cloud, each to itself: its own namespace, topics (its home id), database and host name; the
     * broker has its three users (history-service, web-edge, bridge) for exactly these homes, each with its password.
     */
    @org.junit.jupiter.api.Test
    void everyHomeOfTheScaleOutCloudKeepsToItself() throws Exception {
        Map<String, ObjectNode> byKey = renderedByKey("scale-out");
        List<String> namespaces = homeNamespaces(byKey);
        Set<String> homes = new HashSet<>();
        Set<String> databases = new HashSet<>();
        Set<String> roles = new HashSet<>();
        Set<String> hosts = new HashSet<>();
        for (String ns : namespaces) {
            JsonNode config = byKey.get("ConfigMap/" + ns + "/hearth-config").path("data");
            String home = config.path("home").asText();
            assertThat(ns).as("a home's namespace is named after it").isEqualTo("hearth-" + home);
            assertThat(homes.add(home)).as("home id " + home + " once").isTrue();
            assertThat(databases.add(config.path("jdbc-url").asText().replaceAll(".*/", ""))).as(ns + "'s database its own").isTrue();
            assertThat(roles.add(config.path("db-user").asText())).as(ns + "'s database role its own").isTrue();
            assertThat(serviceOf(java.net.URI.create(config.path("history-url").asText()).getHost(), ns))
                    .as("web-edge of %s asks its own history-service", ns).isEqualTo(ns + "/history-service");
            JsonNode ingress = byKey.get("Ingress/" + ns + "/web-edge");
            assertThat(hosts.add(ingress.at("/spec/rules/0/host").asText())).as(ns + "'s host name its own").isTrue();
        }
        String listed = byKey.get("ConfigMap/hearth/hearth-config").at("/data/homes").asText();
        assertThat(Set.of(listed.trim().split("\\s+"))).as("the cloud's homes list every home served here").isEqualTo(homes);
        // Variable → Secret/key: each home's three passwords from its own keys (a copy-paste slip would hand one home's
        // user another's password).
        Map<String, String> passwords = new HashMap<>();
        byKey.get("StatefulSet/hearth/emqx").at("/spec/template/spec/initContainers/0/env").forEach(e -> {
            if (e.path("name").asText().startsWith("HEARTH_MQTT_PASSWORD_")) {
                passwords.put(e.path("name").asText(), e.at("/valueFrom/secretKeyRef/name").asText() + "/" + e.at("/valueFrom/secretKeyRef/key").asText());
            }
        });
        Map<String, String> expected = new HashMap<>();
        for (String h : homes) {
            String var = h.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            expected.put("HEARTH_MQTT_PASSWORD_HISTORY_" + var, "hearth-mqtt/history-" + h);
            expected.put("HEARTH_MQTT_PASSWORD_EDGE_" + var, "hearth-mqtt/edge-" + h);
            expected.put("HEARTH_MQTT_PASSWORD_BRIDGE_" + var, "hearth-bridge/" + h);
        }
        assertThat(passwords).as("three broker users per home, with the passwords make-emqx-access.sh reads").isEqualTo(expected);
    }

    /** A variable of a workload's first container (a missing node if it has none of that name). */
    private static JsonNode env(JsonNode workload, String name) {
        for (JsonNode e : workload.at("/spec/template/spec/containers/0/env")) {
            if (e.path("name").asText().equals(name)) {
                return e;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** A workload's first container without the named variables. */
    private static JsonNode withoutEnv(JsonNode workload, String... names) {
        ObjectNode copy = ((ObjectNode) workload.at("/spec/template/spec/containers/0")).deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode env = copy.putArray("env");
        workload.at("/spec/template/spec/containers/0/env").forEach(e -> {
            if (!Set.of(names).contains(e.path("name").asText())) {
                env.add(e);
            }
        });
        return copy;
    }

    private static Map<String, ObjectNode> renderedByKey(String overlay) {
        Map<String, ObjectNode> byKey = new HashMap<>();
        for (ObjectNode doc : Kustomize.render(Path.of(overlay))) {
            String ns = doc.at("/metadata/namespace").asText();
            String key = doc.path("kind").asText() + "/" + (ns.isEmpty() ? "" : ns + "/") + doc.at("/metadata/name").asText();
            assertThat(byKey.put(key, doc)).as(key + " once").isNull();
        }
        return byKey;
    }

    private static List<String> homeNamespaces(Map<String, ObjectNode> byKey) {
        return byKey.values().stream().filter(d -> d.path("kind").asText().equals("Namespace"))
                .filter(d -> d.at("/metadata/labels").path("hearth.dev/role").asText().equals("home"))
                .map(d -> d.at("/metadata/name").asText()).sorted().toList();
    }

    /** {@code emqx.hearth.svc.cluster.local} seen from {@code from} → {@code hearth/emqx}; a bare name is in {@code from}. */
    private static String serviceOf(String host, String from) {
        String[] parts = host.split("\\.");
        return (parts.length == 1 ? from : parts[1]) + "/" + parts[0];
    }

    /** A pod of a workload (or a database instance) with its namespace and labels. */
    record Pod(String namespace, String name, Map<String, String> labels) {
        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    /**
     * Whether some policy of the target's namespace selecting it lets the client in on {@code port}: a peer without a
     * namespaceSelector means pods of the policy's own namespace, with one pods of the namespaces whose labels match.
     */
    static boolean allows(List<NetworkPolicy> policies, Map<String, Map<String, String>> namespaceLabels, Pod target, Pod client, int port) {
        for (NetworkPolicy p : policies) {
            Map<String, String> selector = p.getSpec().getPodSelector().getMatchLabels();
            if (!namespace(p).equals(target.namespace()) || isEmpty(selector) || !target.labels().entrySet().containsAll(selector.entrySet())
                    || isEmpty(p.getSpec().getIngress())) {
                continue;
            }
            for (var rule : p.getSpec().getIngress()) {
                boolean portOk = isEmpty(rule.getPorts()) || rule.getPorts().stream().anyMatch(pp -> pp.getPort().getIntVal() == port);
                boolean fromOk = isEmpty(rule.getFrom()) || rule.getFrom().stream().anyMatch(peer -> peer.getIpBlock() == null
                        && (peer.getNamespaceSelector() == null ? client.namespace().equals(namespace(p))
                                : namespaceLabels.getOrDefault(client.namespace(), Map.of()).entrySet()
                                        .containsAll(peer.getNamespaceSelector().getMatchLabels().entrySet()))
                        && (peer.getPodSelector() == null
                                || client.labels().entrySet().containsAll(peer.getPodSelector().getMatchLabels().entrySet())));
                if (portOk && fromOk) {
                    return true;
                }
            }
        }
        return false;
    }

    static String namespace(HasMetadata resource) {
        return java.util.Objects.toString(resource.getMetadata().getNamespace(), "");
    }

    static String key(HasMetadata resource) {
        return namespace(resource) + "/" + resource.getMetadata().getName();
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

    /**
     * The Secrets deploy/README.md tells people to make, by namespace and name:
     * {@code kubectl -n NS create secret generic NAME --from-literal=KEY=…} gives {@code NS/NAME} → KEY.
     */
    static Map<String, Set<String>> secretKeysInReadme() {
        String readme = Kustomize.read(REPO.resolve("deploy/README.md")).replace("\\\n", " ");
        Map<String, Set<String>> keys = new HashMap<>();
        Matcher command = Pattern.compile("kubectl -n (\\S+) create secret generic (\\S+)([^\\n]*)").matcher(readme);
        while (command.find()) {
            Matcher literal = Pattern.compile("--from-literal=([a-z0-9-]+)=").matcher(command.group(3));
            while (literal.find()) {
                keys.computeIfAbsent(command.group(1) + "/" + command.group(2), k -> new HashSet<>()).add(literal.group(1));
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
