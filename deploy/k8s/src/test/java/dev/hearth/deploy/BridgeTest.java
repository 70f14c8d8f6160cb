package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The edge + cloud bridge (edge-cloud/edge/make-bridge-conf.sh) between two real mosquittos on loopback, each with
 * deploy/k8s's configuration: what the home publishes reaches the cloud, also what it published while the cloud
 * broker was down (none lost), and commands and loop changes made in the cloud come down to the home.
 */
class BridgeTest {

    @Test
    void aHomesBridgeIsConfinedToThatHome() throws Exception {
        Assumptions.assumeTrue(Mosquitto.available(), "needs Debian's mosquitto (.ci/run installs it)");
        try (Mosquitto cloud = Mosquitto.start("", "home", "other"); TestClient observer = TestClient.as(cloud, Mosquitto.OBSERVER);
                TestClient bridge = TestClient.as(cloud, "hearth-bridge-home")) {
            observer.subscribe("hearth/#");
            bridge.publish("hearth/other/sensors/living-temp", "forged");
            bridge.publish("hearth/home/sensors/living-temp", "own");
            // In order from one publisher: once its own reading is through, a forged one would have been too.
            assertThat(observer.received().poll(10, TimeUnit.SECONDS)).isEqualTo("hearth/home/sensors/living-temp own");
        }
    }

    @Test
    void refusesToWriteACleartextBridgeUnlessAskedTo() throws Exception {
        Path bridge = Files.createTempFile("hearth-bridge-", ".conf");
        ProcessBuilder make = new ProcessBuilder("sh", "edge-cloud/edge/make-bridge-conf.sh", bridge.toString()).redirectErrorStream(true);
        make.environment().putAll(Map.of("HEARTH_HOME", "home", "HEARTH_CLOUD_HOST", "cloud.example", "HEARTH_BRIDGE_PASSWORD", "p"));
        Process made = make.start();
        assertThat(made.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(made.exitValue()).isNotZero();
        assertThat(new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("cleartext");
        make.environment().put("HEARTH_HOME", "home\nconnection evil");
        make.environment().put("HEARTH_CLOUD_CAFILE", "/ca.crt");
        Process injected = make.start();
        assertThat(injected.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(injected.exitValue()).isNotZero();
    }

    @Test
    void bringsTheHomeUpAndCommandsDownAndCatchesUpAfterTheCloudWasAway() throws Exception {
        Assumptions.assumeTrue(Mosquitto.available(), "needs Debian's mosquitto (.ci/run installs it)");
        try (Mosquitto cloud = Mosquitto.start("", "home")) {
            Path bridge = Files.createTempFile("hearth-bridge-", ".conf");
            ProcessBuilder make = new ProcessBuilder("sh", "edge-cloud/edge/make-bridge-conf.sh", bridge.toString()).redirectErrorStream(true);
            make.environment().putAll(Map.of("HEARTH_HOME", "home", "HEARTH_CLOUD_HOST", "127.0.0.1", "HEARTH_CLOUD_PORT",
                    Integer.toString(cloud.port), "HEARTH_BRIDGE_PASSWORD", Mosquitto.PASSWORDS.get("hearth-bridge-home"),
                    "HEARTH_BRIDGE_INSECURE", "1"));
            Process made = make.start();
            assertThat(made.waitFor(10, TimeUnit.SECONDS) && made.exitValue() == 0)
                    .as("make-bridge-conf.sh: %s", new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isTrue();

            try (Mosquitto edge = Mosquitto.start(Files.readString(bridge));
                    TestClient gateway = TestClient.as(edge, "hearth-gateway");
                    TestClient control = TestClient.as(edge, "hearth-control")) {
                // history-service in the cloud: a persistent session, so what the bridge brings while it reconnects waits for it.
                TestClient history = TestClient.of(cloud.port, "hearth-history", Mosquitto.PASSWORDS.get("hearth-history"), "history-cloud", false);
                assertThat(history.subscribe("hearth/home/sensors/+")).isTrue();
                assertThat(gateway.subscribe("hearth/home/actuators/+/set")).isTrue();
                assertThat(control.subscribe("hearth/home/loops/+/config/set")).isTrue();

                // Up: a reading. (The bridge connects in the background: the first may wait for it.)
                gateway.publish("hearth/home/sensors/living-temp", "r-0");
                assertThat(history.receives("hearth/home/sensors/living-temp r-0", Duration.ofSeconds(20))).isTrue();

                // Down: a command and a loop change from web-edge in the cloud.
                try (TestClient edgeInCloud = TestClient.as(cloud, "hearth-edge")) {
                    edgeInCloud.publish("hearth/home/actuators/living-heater/set", "c-1");
                    edgeInCloud.publish("hearth/home/loops/living-climate/config/set", "l-1");
                }
                assertThat(gateway.receives("hearth/home/actuators/living-heater/set c-1", Duration.ofSeconds(10))).isTrue();
                assertThat(control.receives("hearth/home/loops/living-climate/config/set l-1", Duration.ofSeconds(10))).isTrue();

                // The internet goes away: the home goes on publishing, the edge broker queues for the bridge.
                history.close();
                cloud.stop();
                for (int i = 1; i <= 50; i++) {
                    gateway.publish("hearth/home/sensors/living-temp", "r-" + i);
                }
                cloud.startAgain();
                try (TestClient back = TestClient.of(cloud.port, "hearth-history", Mosquitto.PASSWORDS.get("hearth-history"), "history-cloud",
                        false)) {
                    for (int i = 1; i <= 50; i++) {
                        assertThat(back.receives("hearth/home/sensors/living-temp r-" + i, Duration.ofSeconds(30))).as("reading r-%d", i).isTrue();
                    }
                }
            }
        }
    }

    /**
     * The bridge as deployed: over TLS to the cloud broker's 8883-style listener, the cloud's certificate checked
     * against the CA given to the edge (HEARTH_CLOUD_CAFILE), host name included. A certificate from another CA gets
     * nothing through.
     */
    @Test
    void overTlsTheHomesReadingsGoUpOnlyToTheCloudItsCaVouchesFor() throws Exception {
        Assumptions.assumeTrue(Mosquitto.available() && Files.isExecutable(Path.of("/usr/bin/openssl")),
                "needs Debian's mosquitto and openssl (.ci/run installs them)");
        Path pki = Files.createTempDirectory("hearth-pki-");
        Path ca = Certificates.authority(pki, "hearth-test-ca");
        Path stranger = Certificates.authority(pki, "someone-else");
        Certificates.server(pki, "cloud", "hearth-test-ca");
        int tlsPort = dev.hearth.local.stack.Ports.free();
        String tls = "listener " + tlsPort + " 127.0.0.1\nprotocol mqtt\ncertfile " + pki.resolve("cloud.crt") + "\nkeyfile "
                + pki.resolve("cloud.key") + "\n";
        try (Mosquitto cloud = Mosquitto.start(tls, "home");
                TestClient history = TestClient.of(cloud.port, "hearth-history", Mosquitto.PASSWORDS.get("hearth-history"), "history-tls", false)) {
            assertThat(history.subscribe("hearth/home/sensors/+")).isTrue();

            // Trusting another CA: the bridge cannot connect, nothing goes up.
            try (Mosquitto edge = Mosquitto.start(Files.readString(bridgeTo(tlsPort, stranger)));
                    TestClient gateway = TestClient.as(edge, "hearth-gateway")) {
                gateway.publish("hearth/home/sensors/living-temp", "untrusted");
                // (Five seconds: the trusted bridge below gets through in well under that.)
                assertThat(history.receives("hearth/home/sensors/living-temp untrusted", Duration.ofSeconds(5))).isFalse();
            }
            // Trusting another CA is one way to fail; a certificate from the right CA for another host is the other.
            Certificates.server(pki, "elsewhere", "hearth-test-ca", "DNS:elsewhere.example");
            int otherPort = dev.hearth.local.stack.Ports.free();
            String wrongName = "listener " + otherPort + " 127.0.0.1\nprotocol mqtt\ncertfile " + pki.resolve("elsewhere.crt")
                    + "\nkeyfile " + pki.resolve("elsewhere.key") + "\n";
            try (Mosquitto impostor = Mosquitto.start(wrongName, "home");
                    TestClient watcher = TestClient.of(impostor.port, "hearth-history", Mosquitto.PASSWORDS.get("hearth-history"), "history-x", false);
                    Mosquitto edge = Mosquitto.start(Files.readString(bridgeTo(otherPort, ca)));
                    TestClient gateway = TestClient.as(edge, "hearth-gateway")) {
                assertThat(watcher.subscribe("hearth/home/sensors/+")).isTrue();
                gateway.publish("hearth/home/sensors/living-temp", "wrong-host");
                assertThat(watcher.receives("hearth/home/sensors/living-temp wrong-host", Duration.ofSeconds(5))).isFalse();
            }
            // Trusting the cloud's CA: up it goes.
            try (Mosquitto edge = Mosquitto.start(Files.readString(bridgeTo(tlsPort, ca)));
                    TestClient gateway = TestClient.as(edge, "hearth-gateway")) {
                gateway.publish("hearth/home/sensors/living-temp", "over-tls");
                assertThat(history.receives("hearth/home/sensors/living-temp over-tls", Duration.ofSeconds(20))).isTrue();
            }
        }
    }

    private static Path bridgeTo(int port, Path cafile) throws Exception {
        Path bridge = Files.createTempFile("hearth-bridge-", ".conf");
        ProcessBuilder make = new ProcessBuilder("sh", "edge-cloud/edge/make-bridge-conf.sh", bridge.toString()).redirectErrorStream(true);
        make.environment().putAll(Map.of("HEARTH_HOME", "home", "HEARTH_CLOUD_HOST", "127.0.0.1", "HEARTH_CLOUD_PORT",
                Integer.toString(port), "HEARTH_BRIDGE_PASSWORD", Mosquitto.PASSWORDS.get("hearth-bridge-home"),
                "HEARTH_CLOUD_CAFILE", cafile.toString()));
        Process made = make.start();
        assertThat(made.waitFor(10, TimeUnit.SECONDS) && made.exitValue() == 0)
                .as("make-bridge-conf.sh: %s", new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isTrue();
        return bridge;
    }
}
