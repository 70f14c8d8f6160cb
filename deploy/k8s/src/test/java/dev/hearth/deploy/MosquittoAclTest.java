package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s's Mosquitto configuration on a real mosquitto (Debian's package, installed by .ci/run): the password file
 * built by make-passwd.sh, the ACL as shipped. Each service's user may publish and subscribe exactly where its ACL
 * says, checked both ways against an observer; anonymous clients and wrong passwords are refused.
 */
class MosquittoAclTest {

    private static Mosquitto broker;

    @BeforeAll
    static void startMosquitto() throws Exception {
        Assumptions.assumeTrue(Mosquitto.available(), "needs Debian's mosquitto (.ci/run installs it)");
        broker = Mosquitto.start("");
        assertThat(java.nio.file.Files.readString(broker.dir.resolve("passwd"))).doesNotContain(Mosquitto.PASSWORDS.get("hearth-edge"));
    }

    @AfterAll
    static void stopMosquitto() throws InterruptedException {
        if (broker != null) {
            broker.close();
        }
    }

    private static TestClient observer() throws MqttException {
        return TestClient.as(broker, Mosquitto.OBSERVER);
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
        try (TestClient observer = observer()) {
            assertThat(observer.subscribe("#")).isTrue();
            for (Map.Entry<String, List<List<String>>> user : ALLOWED.entrySet()) {
                try (TestClient client = TestClient.as(broker, user.getKey())) {
                    for (String topic : TOPICS) {
                        String payload = user.getKey() + "-" + Mosquitto.secret();
                        client.publish(topic, payload); // a denied publish is acknowledged and dropped
                        // Then a sentinel: the broker routes a publish before acknowledging it, so a message that got
                        // through arrives before the sentinel, and a denied one is shown to be absent, not late.
                        String sentinel = "sentinel-" + Mosquitto.secret();
                        observer.publish("hearth-test/sentinel", sentinel);
                        boolean allowed = user.getValue().get(0).contains(topic);
                        String first = observer.received().poll(5, TimeUnit.SECONDS);
                        assertThat(first).as("%s publishing to %s", user.getKey(), topic)
                                .isEqualTo(allowed ? topic + " " + payload : "hearth-test/sentinel " + sentinel);
                        if (allowed) {
                            assertThat(observer.received().poll(5, TimeUnit.SECONDS)).isEqualTo("hearth-test/sentinel " + sentinel);
                        }
                    }
                }
            }
        }
    }

    @Test
    void eachServiceReadsExactlyWhatItsAclAllows() throws Exception {
        try (TestClient observer = observer()) {
            for (Map.Entry<String, List<List<String>>> user : ALLOWED.entrySet()) {
                try (TestClient client = TestClient.as(broker, user.getKey())) {
                    // Mosquitto's ACL file never refuses a subscription; it delivers only what the user may read.
                    client.subscribe("#");
                    String sentinelTopic = user.getValue().get(1).get(0);
                    for (String topic : TOPICS) {
                        String payload = "for-" + user.getKey() + "-" + Mosquitto.secret();
                        String sentinel = "sentinel-" + Mosquitto.secret();
                        observer.publish(topic, payload);
                        // From the same publisher, in order: what is not delivered before it is not delivered at all.
                        observer.publish(sentinelTopic, sentinel);
                        boolean allowed = user.getValue().get(1).contains(topic);
                        String first = client.received().poll(5, TimeUnit.SECONDS);
                        assertThat(first).as("%s reading %s", user.getKey(), topic)
                                .isEqualTo(allowed ? topic + " " + payload : sentinelTopic + " " + sentinel);
                        if (allowed) {
                            assertThat(client.received().poll(5, TimeUnit.SECONDS)).isEqualTo(sentinelTopic + " " + sentinel);
                        }
                    }
                }
            }
        }
    }

    @Test
    void historyReplicasMayShareTheirSubscription() throws Exception {
        try (TestClient observer = observer(); TestClient history = TestClient.as(broker, "hearth-history")) {
            assertThat(history.subscribe("$share/history/hearth/home/sensors/+")).isTrue();
            observer.publish("hearth/home/sensors/living-temp", "shared");
            assertThat(history.receives("hearth/home/sensors/living-temp shared", Duration.ofSeconds(3))).isTrue();
        }
    }

    @Test
    void refusesAnonymousClientsAndWrongPasswords() {
        assertThatThrownBy(() -> TestClient.of(broker.port, null, null)).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> TestClient.of(broker.port, "hearth-edge", "not-the-password")).isInstanceOf(MqttException.class);
        assertThatThrownBy(() -> TestClient.of(broker.port, "nobody", Mosquitto.PASSWORDS.get("hearth-edge"))).isInstanceOf(MqttException.class);
    }
}
