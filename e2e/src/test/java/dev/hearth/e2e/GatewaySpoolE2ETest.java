package dev.hearth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import dev.hearth.contract.json.ContractReader;
import dev.hearth.contract.payload.Reading;
import dev.hearth.local.stack.MosquittoBroker;
import dev.hearth.local.stack.Ports;
import dev.hearth.local.stack.ServiceProcess;
import dev.hearth.local.testing.PrometheusText;
import dev.hearth.local.testing.TestMqttClient;

/**
 * The gateway's store and forward across the two crashes it must survive: a broker killed with -9 (readings in flight
 * and those taken while it is gone), then the gateway itself killed with -9 before it could send them. Every reading
 * it took arrives, in order per sensor; the only repeats are readings that were in flight at the broker's death.
 */
class GatewaySpoolE2ETest {

    private static final String SENSORS = "hearth/home/sensors/+";
    /** The gateway's default window of readings awaiting PUBACK: at most these can be sent twice. */
    private static final int IN_FLIGHT = 64;

    @Test
    void everyReadingTakenArrivesInOrderAcrossABrokerKillAndAGatewayKill() throws Exception {
        assumeTrue(MosquittoBroker.available(), "needs Debian's mosquitto (.ci/run installs it)");
        Path dir = E2e.root().resolve("e2e/target/gateway-spool-" + System.currentTimeMillis());
        List<TestMqttClient.Received> received = new ArrayList<>();
        Map<String, Long> taken = new HashMap<>();
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), "127.0.0.1", Ports.free())) {
            Map<String, String> env = Map.of(
                    "HEARTH_MQTT_HOST", "127.0.0.1", "HEARTH_MQTT_PORT", Integer.toString(broker.port()),
                    "HEARTH_GATEWAY_SPOOL_DIR", dir.resolve("spool").toString(),
                    "HEARTH_GATEWAY_BROKER_GRACE", "2s",
                    "HEARTH_SIMULATED_HOUSE_SENSORS_LIVING_TEMP_INTERVAL", "100ms",
                    "HEARTH_SIMULATED_HOUSE_SENSORS_LIVING_HUMIDITY_INTERVAL", "100ms");
            Path jar = ServiceProcess.jarOf(E2e.root(), "sensor-gateway");
            int port = Ports.free();

            TestMqttClient before = new TestMqttClient("127.0.0.1", broker.port()).subscribe(SENSORS, 1);
            ServiceProcess gateway = ServiceProcess.start("sensor-gateway", jar, port, env, dir.resolve("gateway-1.log"));
            Instant killedAt;
            try {
                gateway.awaitReady(Duration.ofSeconds(60));
                await().atMost(Duration.ofSeconds(30)).until(() -> before.received().size() >= 20);

                broker.kill();
                received.addAll(before.received());
                Instant brokerGone = Instant.now();
                Thread.sleep(3_000); // the gateway goes on sampling: about 60 readings only the spool holds
                // What the gateway counts as taken (counted after the spool has it), just before it dies.
                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/q/metrics"))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
                for (String sensor : List.of("living-temp", "living-humidity")) {
                    taken.put(sensor, (long) PrometheusText.sum(metrics.lines()
                            .filter(l -> l.contains("sensor=\"" + sensor + "\"")).reduce("", (a, b) -> a + b + "\n"), "hearth_gateway_readings_total"));
                }
                gateway.kill();
                killedAt = Instant.now();
                long takenWhileGone = 0;
                broker.startAgain();
                try (TestMqttClient after = new TestMqttClient("127.0.0.1", broker.port()).subscribe(SENSORS, 1)) {
                    ServiceProcess again = ServiceProcess.start("sensor-gateway", jar, port, env, dir.resolve("gateway-2.log"));
                    try {
                        again.awaitReady(Duration.ofSeconds(60));
                        // Wait until the new run's readings come (they queue behind the replay).
                        await().atMost(Duration.ofSeconds(60)).until(() -> after.received().stream()
                                .anyMatch(m -> reading(m).ts().isAfter(killedAt.plusSeconds(1))));
                    } finally {
                        again.close();
                    }
                    received.addAll(after.received());
                    takenWhileGone = received.stream().filter(m -> !m.retained()).map(GatewaySpoolE2ETest::reading)
                            .filter(r -> r.ts().isAfter(brokerGone.plusMillis(500)) && r.ts().isBefore(killedAt)).count();
                }
                assertThat(takenWhileGone).as("readings taken while the broker was dead, delivered from the spool").isGreaterThan(20);
            } finally {
                gateway.close();
                before.close();
            }

            // The first run: every sensor's seq from 0 to its last, none missing, first arrivals in order.
            // Retained copies (what a new subscription is handed) are not deliveries of the stream: left out.
            List<Reading> firstRun = received.stream().filter(m -> !m.retained()).map(GatewaySpoolE2ETest::reading)
                    .filter(r -> r.ts().isBefore(killedAt)).toList();
            Map<String, List<Long>> arrivals = firstRun.stream()
                    .collect(Collectors.groupingBy(Reading::sensor, TreeMap::new, Collectors.mapping(Reading::seq, Collectors.toList())));
            assertThat(arrivals.keySet()).contains("living-temp", "living-humidity");
            int repeats = 0;
            for (Map.Entry<String, List<Long>> sensor : arrivals.entrySet()) {
                List<Long> firsts = sensor.getValue().stream().distinct().toList();
                repeats += sensor.getValue().size() - firsts.size();
                assertThat(firsts).as("%s: every seq from 0, once, in order", sensor.getKey())
                        .isEqualTo(LongStream.range(0, firsts.size()).boxed().toList());
                if (taken.containsKey(sensor.getKey())) {
                    assertThat((long) firsts.size()).as("%s: at least every reading the gateway had taken before its kill -9", sensor.getKey())
                            .isGreaterThanOrEqualTo(taken.get(sensor.getKey())).isPositive();
                }
            }
            assertThat(repeats).as("readings sent twice (in flight when the broker died)").isLessThanOrEqualTo(IN_FLIGHT);
        }
    }

    private static Reading reading(TestMqttClient.Received message) {
        return ContractReader.reading(message.payload().getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }
}
