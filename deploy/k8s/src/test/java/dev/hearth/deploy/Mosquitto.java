package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.hearth.local.stack.Ports;

/**
 * A real mosquitto (Debian's) running deploy/k8s's configuration: mosquitto.conf with its paths and ports moved into
 * a temporary directory, the ACL as shipped plus a test observer, the password file from make-passwd.sh.
 */
final class Mosquitto implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    static final Path CONFIG = Path.of("base/mosquitto");
    /** Only in the tests' copy of the ACL: sees and sends everything, to check the others against. */
    static final String OBSERVER = "hearth-test-observer";

    static final Map<String, String> PASSWORDS = Map.of("hearth-gateway", secret(), "hearth-control", secret(),
            "hearth-history", secret(), "hearth-edge", secret(), "hearth-bridge-home", "bridge 'pass' $word", OBSERVER, secret());

    final Path dir;
    final int port;
    private Process process;

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    static String secret() {
        return UUID.randomUUID().toString();
    }

    /**
     * Starts one with deploy/k8s's configuration, {@code extraConf} appended (a bridge, for instance), and for a cloud
     * broker the users of the bridges of {@code bridgedHomes} (edge-cloud/cloud/make-cloud-acl.sh).
     */
    static Mosquitto start(String extraConf, String... bridgedHomes) throws Exception {
        Mosquitto broker = new Mosquitto(Files.createTempDirectory("hearth-mosquitto-"), Ports.free());
        String conf = Files.readString(CONFIG.resolve("mosquitto.conf"))
                .replace("/mosquitto/data/passwd", broker.dir.resolve("passwd").toString())
                .replace("/mosquitto/config/acl", broker.dir.resolve("acl").toString())
                .replace("/mosquitto/data/", broker.dir + "/")
                .replace("listener 1883", "listener " + broker.port + " 127.0.0.1")
                .replace("listener 9001", "listener " + Ports.free() + " 127.0.0.1");
        // Started as root (CI), mosquitto would switch to its own user, which cannot read these files; in the
        // container it runs as that user from the start.
        Files.writeString(broker.dir.resolve("mosquitto.conf"), conf + "\nuser " + System.getProperty("user.name") + "\n" + extraConf);
        List<String> cloudAcl = new java.util.ArrayList<>(List.of("sh", "edge-cloud/cloud/make-cloud-acl.sh"));
        cloudAcl.addAll(List.of(bridgedHomes));
        Process acl = new ProcessBuilder(cloudAcl).start();
        String bridgeUsers = new String(acl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(acl.waitFor()).isZero();
        Files.writeString(broker.dir.resolve("acl"), Files.readString(CONFIG.resolve("acl")) + bridgeUsers + "\nuser " + OBSERVER
                + "\ntopic readwrite #\n");

        ProcessBuilder passwd = new ProcessBuilder("sh", CONFIG.resolve("make-passwd.sh").toString(), broker.dir.resolve("passwd").toString())
                .redirectErrorStream(true);
        passwd.environment().putAll(Map.of("HEARTH_MQTT_PASSWORD_GATEWAY", PASSWORDS.get("hearth-gateway"),
                "HEARTH_MQTT_PASSWORD_CONTROL", PASSWORDS.get("hearth-control"), "HEARTH_MQTT_PASSWORD_HISTORY",
                PASSWORDS.get("hearth-history"), "HEARTH_MQTT_PASSWORD_EDGE", PASSWORDS.get("hearth-edge"),
                "HEARTH_MQTT_BRIDGE_HOMES", String.join(" ", bridgedHomes)));
        for (String home : bridgedHomes) {
            passwd.environment().put("HEARTH_MQTT_PASSWORD_BRIDGE_" + home.toUpperCase(java.util.Locale.ROOT).replace('-', '_'),
                    PASSWORDS.getOrDefault("hearth-bridge-" + home, secret()));
        }
        Process made = passwd.start();
        assertThat(made.waitFor(30, TimeUnit.SECONDS) && made.exitValue() == 0)
                .as("make-passwd.sh: %s", new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isTrue();
        new ProcessBuilder("mosquitto_passwd", "-b", broker.dir.resolve("passwd").toString(), OBSERVER, PASSWORDS.get(OBSERVER))
                .start().waitFor();
        broker.startAgain();
        return broker;
    }

    private Mosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts (again) on the same port with the same data: persistent sessions and queued messages come back. */
    void startAgain() throws Exception {
        process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!listening() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(listening()).as("mosquitto listening: %s", Files.readString(dir.resolve("mosquitto.log"))).isTrue();
    }

    /** Stops it cleanly (it saves its persistence file). */
    void stop() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    private boolean listening() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            stop();
        }
    }
}
