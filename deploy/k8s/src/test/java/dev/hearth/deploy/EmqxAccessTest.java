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
 * The scale-out broker's users and ACL (scale-out/cloud/make-emqx-access.sh, EMQX's syntax) against the Mosquitto ACL that
 * MosquittoAclTest and BridgeTest prove on a real broker (base/mosquitto/acl and edge-cloud/cloud/make-cloud-acl.sh):
 * for every user the cloud has, the same topics to publish and to subscribe, nothing more; every user with its
 * password from the environment; anything not allowed denied. EMQX does not run here, so the rules are compared, not
 * exercised.
 */
class EmqxAccessTest {

    static final Path K8S = ManifestsTest.REPO.resolve("deploy/k8s");
    static final Map<String, String> PASSWORDS = Map.of("HEARTH_MQTT_PASSWORD_HISTORY", "history secret",
            "HEARTH_MQTT_PASSWORD_EDGE", "edge secret", "HEARTH_MQTT_PASSWORD_BRIDGE_HOME", "home bridge secret",
            "HEARTH_MQTT_PASSWORD_BRIDGE_OTHER_HOME", "other bridge secret");

    @Test
    void eachCloudUserMayDoExactlyWhatMosquittoAllowsIt(@TempDir Path dir) throws Exception {
        assertThat(run(dir, PASSWORDS, "home other-home")).isZero();

        List<String> users = Files.readAllLines(dir.resolve("users.csv"), StandardCharsets.UTF_8);
        assertThat(users.get(0)).isEqualTo("user_id,password,is_superuser");
        assertThat(users.subList(1, users.size())).containsExactlyInAnyOrder("hearth-history,history secret,false",
                "hearth-edge,edge secret,false", "hearth-bridge-home,home bridge secret,false",
                "hearth-bridge-other-home,other bridge secret,false");

        Map<String, Map<String, Set<String>>> emqx = emqxRules(Files.readString(dir.resolve("acl.conf")));
        Map<String, Map<String, Set<String>>> mosquitto = mosquittoRules(Files.readString(K8S.resolve("base/mosquitto/acl"))
                + cloudBridgeAcl("home", "other-home"));
        assertThat(emqx.keySet()).containsExactlyInAnyOrder("hearth-history", "hearth-edge", "hearth-bridge-home", "hearth-bridge-other-home");
        emqx.forEach((user, rules) -> assertThat(rules).as(user).isEqualTo(mosquitto.get(user)));

        List<String> rules = Files.readString(dir.resolve("acl.conf")).lines().filter(l -> !l.isBlank() && !l.startsWith("%%")).toList();
        assertThat(rules.get(rules.size() - 1)).as("everything else denied").isEqualTo("{deny, all}.");
        assertThat(rules.subList(0, rules.size() - 1)).as("only per-user allow rules").allMatch(l -> RULE.matcher(l).matches());
    }

    @Test
    void aPasswordThatWouldBreakTheUsersFileOrAMissingOneStopsIt(@TempDir Path dir) throws Exception {
        Map<String, String> comma = new HashMap<>(PASSWORDS);
        comma.put("HEARTH_MQTT_PASSWORD_EDGE", "a,b");
        assertThat(run(dir.resolve("comma"), comma, "home")).isNotZero();
        assertThat(dir.resolve("comma/users.csv")).doesNotExist();

        Map<String, String> missing = new HashMap<>(PASSWORDS);
        missing.remove("HEARTH_MQTT_PASSWORD_BRIDGE_OTHER_HOME");
        assertThat(run(dir.resolve("missing"), missing, "home other-home")).isNotZero();
    }

    private static int run(Path dir, Map<String, String> env, String homes) throws Exception {
        ProcessBuilder sh = new ProcessBuilder("sh", K8S.resolve("scale-out/cloud/make-emqx-access.sh").toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        sh.environment().putAll(env);
        sh.environment().put("HEARTH_MQTT_BRIDGE_HOMES", homes);
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
