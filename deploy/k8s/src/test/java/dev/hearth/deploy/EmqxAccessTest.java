package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out broker's users and ACL (scale-out/cloud/make-emqx-access.sh, EMQX's syntax) against the Mosquitto ACL
 * that MosquittoAclTest and BridgeTest prove on a real broker (base/mosquitto/acl and edge-cloud/cloud/make-cloud-acl.sh),
 * confined per home: each home's history-service, web-edge and bridge user may publish and subscribe exactly what the
 * Mosquitto user of the same role may, with {@code hearth/+/} narrowed to its own {@code hearth/{home}/}, nothing more;
 * every user with its password from the environment; anything not allowed denied. EMQX does not run here, so the
 * rules are compared, not exercised.
 */
class EmqxAccessTest {

    static final Path K8S = ManifestsTest.REPO.resolve("deploy/k8s");
    static final Map<String, String> PASSWORDS = Map.of("HEARTH_MQTT_PASSWORD_HISTORY_HOME", "home history secret",
            "HEARTH_MQTT_PASSWORD_EDGE_HOME", "home edge secret", "HEARTH_MQTT_PASSWORD_BRIDGE_HOME", "home bridge secret",
            "HEARTH_MQTT_PASSWORD_HISTORY_OTHER_HOME", "other history secret", "HEARTH_MQTT_PASSWORD_EDGE_OTHER_HOME", "other edge secret",
            "HEARTH_MQTT_PASSWORD_BRIDGE_OTHER_HOME", "other bridge secret");

    @Test
    void eachCloudUserMayDoExactlyWhatMosquittoAllowsIt(@TempDir Path dir) throws Exception {
        assertThat(run(dir, PASSWORDS, "home other-home")).isZero();

        List<String> users = Files.readAllLines(dir.resolve("users.csv"), StandardCharsets.UTF_8);
        assertThat(users.get(0)).isEqualTo("user_id,password,is_superuser");
        assertThat(users.subList(1, users.size())).containsExactlyInAnyOrder("hearth-history-home,home history secret,false",
                "hearth-edge-home,home edge secret,false", "hearth-bridge-home,home bridge secret,false",
                "hearth-history-other-home,other history secret,false", "hearth-edge-other-home,other edge secret,false",
                "hearth-bridge-other-home,other bridge secret,false");

        Map<String, Map<String, Set<String>>> emqx = emqxRules(Files.readString(dir.resolve("acl.conf")));
        Map<String, Map<String, Set<String>>> mosquitto = mosquittoRules(Files.readString(K8S.resolve("base/mosquitto/acl"))
                + cloudBridgeAcl("home", "other-home"));
        assertThat(emqx.keySet()).containsExactlyInAnyOrder("hearth-history-home", "hearth-edge-home", "hearth-bridge-home",
                "hearth-history-other-home", "hearth-edge-other-home", "hearth-bridge-other-home");
        for (String home : List.of("home", "other-home")) {
            assertThat(emqx.get("hearth-history-" + home)).isEqualTo(narrowed(mosquitto.get("hearth-history"), home));
            assertThat(emqx.get("hearth-edge-" + home)).isEqualTo(narrowed(mosquitto.get("hearth-edge"), home));
            assertThat(emqx.get("hearth-bridge-" + home)).as("the bridge, already per home at Mosquitto")
                    .isEqualTo(mosquitto.get("hearth-bridge-" + home));
            emqx.get("hearth-edge-" + home).values().forEach(topics -> assertThat(topics).allMatch(t -> t.startsWith("hearth/" + home + "/")));
        }

        List<String> rules = Files.readString(dir.resolve("acl.conf")).lines().filter(l -> !l.isBlank() && !l.startsWith("%%")).toList();
        assertThat(rules.get(rules.size() - 1)).as("everything else denied").isEqualTo("{deny, all}.");
        assertThat(rules.subList(0, rules.size() - 1)).as("only per-user allow rules").allMatch(l -> RULE.matcher(l).matches());
    }

    @Test
    void aPasswordThatWouldBreakTheUsersFileOrAMissingOneStopsIt(@TempDir Path dir) throws Exception {
        Map<String, String> comma = new HashMap<>(PASSWORDS);
        comma.put("HEARTH_MQTT_PASSWORD_EDGE_HOME", "a,b");
        assertThat(run(dir.resolve("comma"), comma, "home")).isNotZero();
        assertThat(dir.resolve("comma/users.csv")).doesNotExist();

        for (String role : List.of("HISTORY", "EDGE", "BRIDGE")) {
            Map<String, String> missing = new HashMap<>(PASSWORDS);
            missing.remove("HEARTH_MQTT_PASSWORD_" + role + "_OTHER_HOME");
            assertThat(run(dir.resolve("missing-" + role), missing, "home other-home")).as(role).isNotZero();
            assertThat(dir.resolve("missing-" + role + "/users.csv")).as("no users file for a broker to start with").doesNotExist();
        }
        assertThat(run(dir.resolve("none"), PASSWORDS, " ")).as("no home named").isNotZero();
        assertThat(dir.resolve("none/users.csv")).doesNotExist();
    }

    private static int run(Path dir, Map<String, String> env, String homes) throws Exception {
        ProcessBuilder sh = new ProcessBuilder("sh", K8S.resolve("scale-out/cloud/make-emqx-access.sh").toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        sh.environment().putAll(env);
        sh.environment().put("HEARTH_MQTT_HOMES", homes);
        Process p = sh.start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    private static String cloudBridgeAcl(String... homes) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("sh", K8S.resolve("edge-cloud/cloud/make-cloud-acl.sh").toString()));
        command.addAll(List.of(homes));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return "\n" + out;
    }

    /** A Mosquitto user's rules for every home ({@code hearth/+/…}, {@code hearth/#}) narrowed to one home's topics. */
    private static Map<String, Set<String>> narrowed(Map<String, Set<String>> rules, String home) {
        Map<String, Set<String>> out = new HashMap<>();
        rules.forEach((action, topics) -> topics.forEach(t -> out.computeIfAbsent(action, a -> new TreeSet<>())
                .add(t.equals("hearth/#") ? "hearth/" + home + "/#" : t.replaceFirst("^hearth/\\+/", "hearth/" + home + "/"))));
        return out;
    }

    static final Pattern RULE = Pattern.compile("\\{allow, \\{username, \"([a-z0-9-]+)\"\\}, (publish|subscribe|all), \\[(.*)\\]\\}\\.");

    /** User → publish/subscribe → topic filters, from EMQX's acl.conf. */
    static Map<String, Map<String, Set<String>>> emqxRules(String acl) {
        Map<String, Map<String, Set<String>>> rules = new HashMap<>();
        for (String line : acl.lines().toList()) {
            Matcher m = RULE.matcher(line);
            if (!m.matches()) {
                continue;
            }
            List<String> actions = m.group(2).equals("all") ? List.of("publish", "subscribe") : List.of(m.group(2));
            for (String topic : m.group(3).split(",")) {
                for (String action : actions) {
                    add(rules, m.group(1), action, topic.trim().replace("\"", ""));
                }
            }
        }
        return rules;
    }

    /** The same from Mosquitto's acl: {@code read} is subscribe, {@code write} publish. */
    static Map<String, Map<String, Set<String>>> mosquittoRules(String acl) {
        Map<String, Map<String, Set<String>>> rules = new HashMap<>();
        String user = null;
        for (String line : acl.lines().map(String::trim).toList()) {
            if (line.startsWith("user ")) {
                user = line.substring(5).trim();
            } else if (line.startsWith("topic ") && user != null) {
                String[] parts = line.split("\\s+");
                if (parts[1].contains("read")) {
                    add(rules, user, "subscribe", parts[2]);
                }
                if (parts[1].contains("write")) {
                    add(rules, user, "publish", parts[2]);
                }
            }
        }
        return rules;
    }

    private static void add(Map<String, Map<String, Set<String>>> rules, String user, String action, String topic) {
        rules.computeIfAbsent(user, u -> new HashMap<>()).computeIfAbsent(action, a -> new TreeSet<>()).add(topic);
    }
}
