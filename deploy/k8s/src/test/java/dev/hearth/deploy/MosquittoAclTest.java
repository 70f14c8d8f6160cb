package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hearth.local.stack.Ports;

/**
 * deploy/k8s's Mosquitto configuration on a real mosquitto (Debian's package, installed by .ci/run): the password file
 * built by make-passwd.sh, the ACL as shipped. Each service's user may publish and subscribe exactly where its ACL
 * says, checked both ways against an observer; anonymous clients and wrong passwords are refused.
 */
class MosquittoAclTest {

    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final Path CONFIG = Path.of("base/mosquitto");
    private static final Map<String, String> PASSWORDS = Map.of("hearth-gateway", secret(), "hearth-control", secret(),
            "hearth-history", secret(), "hearth-edge", secret());
    /** Only in this test's copy of the ACL: sees and sends everything, to check the others against. */
    private static final String OBSERVER = "hearth-test-observer";
    private static final String OBSERVER_PASSWORD = secret();

    private static Process broker;
    private static int port;
    private static Path dir;

    private static String secret() {
        return UUID.randomUUID().toString();
    }

    @BeforeAll
    static void startMosquitto() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(MOSQUITTO), "needs Debian's mosquitto (.ci/run installs it)");
        dir = Files.createTempDirectory("hearth-mosquitto-");
        port = Ports.free();
        String conf = Files.readString(CONFIG.resolve("mosquitto.conf"))
                .replace("/mosquitto/data/passwd", dir.resolve("passwd").toString())
                .replace("/mosquitto/config/acl", dir.resolve("acl").toString())
                .replace("/mosquitto/data/", dir + "/")
                .replace("listener 1883", "listener " + port + " 127.0.0.1")
                .replace("listener 9001", "listener " + Ports.free() + " 127.0.0.1");
        // Started as root (CI), mosquitto would switch to its own user, which cannot read this test's files; in the
        // container it runs as that user from the start.
        Files.writeString(dir.resolve("mosquitto.conf"), conf + "\nuser " + System.getProperty("user.name") + "\n");
        Files.writeString(dir.resolve("acl"), Files.readString(CONFIG.resolve("acl")) + "\nuser " + OBSERVER + "\ntopic readwrite #\n");

        ProcessBuilder passwd = new ProcessBuilder("sh", CONFIG.resolve("make-passwd.sh").toString(), dir.resolve("passwd").toString())
                .redirectErrorStream(true);
        passwd.environment().putAll(Map.of("HEARTH_MQTT_PASSWORD_GATEWAY", PASSWORDS.get("hearth-gateway"),
                "HEARTH_MQTT_PASSWORD_CONTROL", PASSWORDS.get("hearth-control"), "HEARTH_MQTT_PASSWORD_HISTORY",
                PASSWORDS.get("hearth-history"), "HEARTH_MQTT_PASSWORD_EDGE", PASSWORDS.get("hearth-edge")));
        Process made = passwd.start();
        assertThat(made.waitFor(30, TimeUnit.SECONDS) && made.exitValue() == 0)
                .as("make-passwd.sh: %s", new String(made.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isTrue();
        new ProcessBuilder("mosquitto_passwd", "-b", dir.resolve("passwd").toString(), OBSERVER, OBSERVER_PASSWORD).start().waitFor();
        assertThat(Files.readString(dir.resolve("passwd"))).doesNotContain(PASSWORDS.get("hearth-edge")); // hashed

        broker = new ProcessBuilder(MOSQUITTO.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!listening() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(listening()).as("mosquitto listening: %s", Files.readString(dir.resolve("mosquitto.log"))).isTrue();
    }

    @AfterAll
    static void stopMosquitto() {
        if (broker != null) {
            broker.destroy();
        }
    }

    private static boolean listening() {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A connected client that records what it receives. */
    private record Client(MqttClient mqtt, BlockingQueue<String> received) implements AutoCloseable {
        static Client of(String user, String password) throws MqttException {
            MqttClient mqtt = new MqttClient("tcp://127.0.0.1:" + port, user + "-" + secret(), new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            if (user != null) {
                options.setUserName(user);
                options.setPassword(password.toCharArray());
            }
            BlockingQueue<String> received = new LinkedBlockingQueue<>();
            mqtt.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
                }

                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                }
            });
            mqtt.connect(options);
            return new Client(mqtt, received);
        }

        static Client as(String user) throws MqttException {
            return of(user, PASSWORDS.get(user));
        }

        void publish(String topic, String payload) throws MqttException {
            MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            mqtt.publish(topic, message);
        }

        /** Whether the subscription was granted (Mosquitto answers a denied filter with 0x80). */
        boolean subscribe(String filter) throws MqttException {
            try {
                int[] granted = mqtt.subscribeWithResponse(new String[] {filter}, new int[] {1}).getGrantedQos();
                return granted[0] != 0x80;
            } catch (MqttException e) {
                return false;
            }
        }

        boolean receives(String expected, Duration within) throws InterruptedException {
            long deadline = System.nanoTime() + within.toNanos();
            String next;
            while ((next = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
                if (next.equals(expected)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void close() throws MqttException {
            mqtt.disconnect();
            mqtt.close();
        }
    }

    private static final List<String> TOPICS = List.of("hearth/home/sensors/living-temp", "hearth/home/actuators/living-heater/state",
            "hearth/home/actuators/living-heater/set", "hearth/home/gateways/sim-1/status", "hearth/home/gateways/sim-1/manifest",
            "hearth/home/loops/living-climate/config", "hearth/home/loops/living-climate/config/set",
            "hearth/home/loops/living-climate/config/result", "hearth/home/loops/living-climate/status",
            "hearth/home/loops/living-climate/autotune", "homeassistant/sensor/sim-1/living-temp/config", "other/topic");

    /** Per user, the topics of {@link #TOPICS} it may publish to, and those it may read. */
    private static final Map<String, List<List<String>>> ALLOWED = Map.of(
            "hearth-gateway", List.of(
                    List.of("hearth/home/sensors/living-temp", "hearth/home/actuators/living-heater/state", "hearth/home/gateways/sim-1/status",
                            "hearth/home/gateways/sim-1/manifest", "homeassistant/sensor/sim-1/living-temp/config"),
                    List.of("hearth/home/actuators/living-heater/set", "homeassistant/sensor/sim-1/living-temp/config")),
            "hearth-control", List.of(
                    List.of("hearth/home/actuators/living-heater/set", "hearth/home/loops/living-climate/config",
                            "hearth/home/loops/living-climate/config/result", "hearth/home/loops/living-climate/status",
                            "hearth/home/loops/living-climate/autotune"),
                    List.of("hearth/home/sensors/living-temp", "hearth/home/gateways/sim-1/manifest", "hearth/home/loops/living-climate/config/set")),
            "hearth-history", List.of(
                    List.of(),
                    List.of("hearth/home/sensors/living-temp", "hearth/home/actuators/living-heater/state")),
            "hearth-edge", List.of(
                    List.of("hearth/home/actuators/living-heater/set", "hearth/home/loops/living-climate/config/set"),
                    TOPICS.stream().filter(t -> t.startsWith("hearth/")).toList()));

    @Test
    void eachServicePublishesExactlyWhereItsAclAllows() throws Exception {
        try (Client observer = Client.of(OBSERVER, OBSERVER_PASSWORD)) {
            assertThat(observer.subscribe("#")).isTrue();
            for (Map.Entry<String, List<List<String>>> user : ALLOWED.entrySet()) {
                try (Client client = Client.as(user.getKey())) {
                    for (String topic : TOPICS) {
                        String payload = user.getKey() + "-" + secret();
                        client.publish(topic, payload); // a denied publish is acknowledged and dropped
                        boolean allowed = user.getValue().get(0).contains(topic);
                        assertThat(observer.receives(topic + " " + payload, Duration.ofMillis(allowed ? 3000 : 300)))
                                .as("%s publishing to %s", user.getKey(), topic).isEqualTo(allowed);
                    }
                }
            }
        }
    }

    @Test
    void eachServiceReadsExactlyWhatItsAclAllows() throws Exception {
        try (Client observer = Client.of(OBSERVER, OBSERVER_PASSWORD)) {
            for (Map.Entry<String, List<List<String>>> user : ALLOWED.entrySet()) {
                try (Client client = Client.as(user.getKey())) {
                    client.subscribe("#"); // granted or not, the broker delivers only what the ACL lets this user read
                    for (String topic : TOPICS) {
                        String payload = "for-" + user.getKey() + "-" + secret();
                        observer.publish(topic, payload);
                        boolean allowed = user.getValue().get(1).contains(topic);
                        assertThat(client.receives(topic + " " + payload, Duration.ofMillis(allowed ? 3000 : 300)))
                                .as("%s reading %s", user.getKey(), topic).isEqualTo(allowed);
                    }
                }
            }
        }
    }

    @Test
    void historyReplicasMayShareTheirSubscription() throws Exception {
        try (Client observer = Client.of(OBSERVER, OBSERVER_PASSWORD); Client history = Client.as("hearth-history")) {
            assertThat(history.subscribe("$share/history/hearth/home/sensors/+")).isTrue();
            observer.publish("hearth/home/sensors/living-temp", "shared");
            assertThat(history.receives("hearth/home/sensors/living-temp shared", Duration.ofSeconds(3))).isTrue();
        }
    }

    @Test
    void refusesAnonymousClientsAndWrongPasswords() {
        assertThatThrownBy(() -> Client.of(null, null)).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> Client.of("hearth-edge", "not-the-password")).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> Client.of(OBSERVER + "x", OBSERVER_PASSWORD)).isInstanceOf(MqttException.class);
    }
}
