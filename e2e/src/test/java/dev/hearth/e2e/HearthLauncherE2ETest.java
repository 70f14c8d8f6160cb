package dev.hearth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.hearth.local.stack.EmbeddedBroker;
import dev.hearth.local.stack.EmbeddedDatabase;
import dev.hearth.local.stack.Ports;
import dev.hearth.local.testing.TestMqttClient;

/** {@code java -jar hearth-local.jar run}, the program behind {@code ./hearth run}, as a person runs it. */
class HearthLauncherE2ETest {

    private static final Path LAUNCHER = E2e.root().resolve("deploy/local/target/hearth-local.jar");

    @Test
    void startsEverythingPrintsHowToLogInAndLeavesNothingBehindOnSigterm() throws Exception {
        int httpPort = Ports.free();
        int mqttPort = Ports.free();
        Process launcher = start(httpPort, mqttPort, null);
        List<String> output = capture(launcher);
        try {
            await().atMost(Duration.ofSeconds(240)).until(() -> output.stream().anyMatch(l -> l.contains("Hearth is running"))
                    || !launcher.isAlive());
            assertThat(launcher.isAlive()).as("launcher output: %s", output).isTrue();
            String password = generatedPassword(launcher, output);

            HttpResponse<String> sensors = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/sensors"))
                            .header("Authorization", "Basic " + Base64.getEncoder()
                                    .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sensors.statusCode()).isEqualTo(200);

            // A second run on the same data directory stops at once and says why, and leaves this one's broker and
            // database alone (it used to stop them as left-overs of a crashed run); the steps below need both.
            Process second = start(Ports.free(), Ports.free(), null, Map.of(), dataDir(launcher));
            List<String> secondOutput = capture(second);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> secondOutput.stream().anyMatch(l -> l.contains("already running")));
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(secondOutput).anyMatch(l -> l.contains("(pid " + launcher.pid() + ")") && l.contains("HEARTH_DATA_DIR"));
            assertThat(secondOutput).noneMatch(l -> l.contains("Exception") || l.trim().startsWith("at ") || l.contains("stopping"));

            // A loop changed live over MQTT...
            String loop = "hearth/home/loops/living-climate/";
            try (TestMqttClient mqtt = new TestMqttClient("127.0.0.1", mqttPort).subscribe(loop + "config/result")) {
                mqtt.publish(loop + "config/set", "{\"requestId\":\"e2e-1\",\"setpoint\":22.5}", false);
                assertThat(mqtt.awaitOn(loop + "config/result", Duration.ofSeconds(30)).payload()).contains("\"accepted\":true");
            }

            // ...and a service that dies (kill -9) is started again by the launcher, which says so.
            ProcessHandle control = service(launcher, "control-service");
            control.destroyForcibly();
            await().atMost(Duration.ofSeconds(120)).until(() -> output.stream().anyMatch(l -> l.contains("control-service is back")));
            assertThat(output).anyMatch(l -> l.contains("control-service exited") && l.contains("restarting it in"));
            assertThat(service(launcher, "control-service").pid()).isNotEqualTo(control.pid());
            // The restarted control-service runs the loop as changed, not as its configuration file says (21 °C).
            try (TestMqttClient mqtt = new TestMqttClient("127.0.0.1", mqttPort).subscribe(loop + "status")) {
                assertThat(mqtt.awaitOn(loop + "status", Duration.ofSeconds(30)).payload()).contains("\"sp\":22.5");
            }

            List<ProcessHandle> children = new ArrayList<>(launcher.toHandle().descendants().toList());
            assertThat(children).hasSizeGreaterThanOrEqualTo(4);

            // SIGTERM, as Ctrl-C or systemd would (Process.destroy() would also close the output we still read).
            launcher.toHandle().destroy();
            assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(children).allSatisfy(child -> assertThat(child.isAlive()).as("pid %d", child.pid()).isFalse());
            assertThat(E2e.listening(httpPort)).isFalse();
            assertThat(E2e.listening(mqttPort)).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> output.stream().anyMatch(l -> l.contains("Stopped.")));
            // Services stop before the broker and the database: none complains on the way down.
            Path logs = dataDir(launcher).resolve("logs");
            for (String service : List.of("history-service", "control-service", "sensor-gateway", "web-edge")) {
                String log = Files.readString(logs.resolve(service + ".log"), StandardCharsets.UTF_8);
                assertThat(log).as(service).doesNotContain("NullPointerException").doesNotContain("Could not store")
                        .doesNotContain("Connection refused");
            }
        } finally {
            launcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
    }

    @Test
    void usesAnExistingBrokerAndDatabaseWhenGivenTheirUrls() throws Exception {
        int brokerPort = Ports.free();
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", brokerPort, null);
                EmbeddedDatabase database = EmbeddedDatabase.start(0, null);
                TestMqttClient watcher = new TestMqttClient("127.0.0.1", brokerPort).subscribe("hearth/attic/#")) {
            int httpPort = Ports.free();
            Process launcher = start(httpPort, Ports.free(), "url-test-password", Map.of(
                    "HEARTH_MQTT_URL", "mqtt://127.0.0.1:" + brokerPort,
                    "HEARTH_DB_URL", "postgresql://postgres@127.0.0.1:" + database.port() + "/hearth",
                    "HEARTH_HOME", "attic"));
            List<String> output = capture(launcher);
            try {
                await().atMost(Duration.ofSeconds(240)).until(() -> output.stream().anyMatch(l -> l.contains("Hearth is running"))
                        || !launcher.isAlive());
                assertThat(output).anyMatch(l -> l.contains("MQTT broker") && l.contains("(HEARTH_MQTT_URL)"));
                // The gateway talks to our broker, under the home we chose, and history writes into our database.
                watcher.awaitOn("hearth/attic/gateways/sim-1/status", Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(60)).until(() -> rows(database) > 0);
            } finally {
                launcher.toHandle().destroy();
                launcher.waitFor(90, TimeUnit.SECONDS);
                launcher.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            }
            // Stopping Hearth leaves an existing broker running.
            assertThat(E2e.listening(brokerPort)).isTrue();
        }
    }

    private static long rows(EmbeddedDatabase database) throws Exception {
        try (java.sql.Connection c = database.connect();
                java.sql.ResultSet rs = c.createStatement().executeQuery("select count(*) from series_point where series like 'sensors/%'")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (java.sql.SQLException notMigratedYet) {
            return 0;
        }
    }

    @Test
    void aTakenPortGivesAClearMessageNotAStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            Process launcher = start(taken.getLocalPort(), Ports.free(), "set-by-test");
            List<String> output = capture(launcher);
            assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
            await().atMost(Duration.ofSeconds(5)).until(() -> output.stream().anyMatch(l -> l.contains("already in use")));
            assertThat(launcher.exitValue()).isEqualTo(1);
            assertThat(output).anyMatch(l -> l.contains("Port " + taken.getLocalPort()) && l.contains("HEARTH_HTTP_PORT"));
            assertThat(output).noneMatch(l -> l.contains("Exception") || l.trim().startsWith("at "));
            assertThat(launcher.toHandle().descendants().toList()).isEmpty();
        }
    }

    /** The one running process of a service below the launcher. */
    private static ProcessHandle service(Process launcher, String name) {
        return launcher.toHandle().descendants()
                .filter(p -> p.isAlive() && p.info().commandLine().map(c -> c.contains(name + "/target/quarkus-app")).orElse(false))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " process below the launcher"));
    }

    private static final java.util.Map<Long, Path> DATA_DIRS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Path dataDir(Process launcher) {
        return DATA_DIRS.get(launcher.pid());
    }

    private static Process start(int httpPort, int mqttPort, String password) throws Exception {
        return start(httpPort, mqttPort, password, Map.of());
    }

    private static Process start(int httpPort, int mqttPort, String password, Map<String, String> extra) throws Exception {
        return start(httpPort, mqttPort, password, extra, E2e.root().resolve("e2e/target/launcher-" + System.nanoTime()));
    }

    private static Process start(int httpPort, int mqttPort, String password, Map<String, String> extra, Path data) throws Exception {
        // With the heap cap the `hearth` script gives it.
        ProcessBuilder builder = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+UseSerialGC", "-jar", LAUNCHER.toString(), "run").redirectErrorStream(true);
        builder.environment().put("HEARTH_ROOT", E2e.root().toString());
        builder.environment().put("HEARTH_HTTP_PORT", Integer.toString(httpPort));
        builder.environment().put("HEARTH_MQTT_PORT", Integer.toString(mqttPort));
        builder.environment().put("HEARTH_DATA_DIR", data.toString());
        builder.environment().remove("HEARTH_ADMIN_PASSWORD");
        if (password != null) {
            builder.environment().put("HEARTH_ADMIN_PASSWORD", password);
        }
        builder.environment().putAll(extra);
        Process launcher = builder.start();
        DATA_DIRS.put(launcher.pid(), data);
        return launcher;
    }

    private static List<String> capture(Process process) {
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                    System.out.println("[hearth] " + line);
                }
            } catch (Exception e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** The generated password is in an owner-only file the launcher names, and nowhere in its output. */
    private static String generatedPassword(Process launcher, List<String> output) throws Exception {
        Path file = dataDir(launcher).resolve("admin-password");
        assertThat(output).anyMatch(l -> l.contains("password in " + file));
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String password = Files.readString(file, StandardCharsets.UTF_8).trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(16);
        assertThat(output).noneMatch(l -> l.contains(password));
        return password;
    }
}
