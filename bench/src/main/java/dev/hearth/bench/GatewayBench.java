package dev.hearth.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import dev.hearth.local.stack.HearthStack;
import dev.hearth.local.stack.MosquittoBroker;
import dev.hearth.local.stack.Ports;
import dev.hearth.local.stack.ServiceProcess;
import dev.hearth.local.testing.SimulatedSensors;

/**
 * The gateway's publishing cost through its durable spool: 100 simulated sensors at 10 Hz (1,000 readings/s, declared
 * instead of the default house) for a minute, against Debian's Mosquitto, beside the same gateway with the default
 * house (its idle cost) from the same run. Per row: readings/s that reached a subscriber, the gateway's CPU (share of one core) and highest RSS, and what
 * was left unacknowledged in the spool at the end.
 */
public final class GatewayBench {

    private static final int SENSORS = 100;

    private GatewayBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("hearth.root", ".")).toAbsolutePath().normalize();
        int seconds = Integer.parseInt(System.getenv().getOrDefault("HEARTH_BENCH_SECONDS", "60"));
        Path dir = Files.createTempDirectory("hearth-gateway-bench");
        System.out.println(Machine.describe());
        System.out.printf(Locale.ROOT, "%d s per row after a 10 s warm-up; the gateway JVM as ./hearth run starts it (%s)%n%n", seconds,
                System.getenv().getOrDefault("HEARTH_BENCH_JAVA_OPTIONS", HearthStack.javaOptions("sensor-gateway")));
        Path sensors = SimulatedSensors.write(dir.resolve("bench-sensors.properties"), "bench", SENSORS, "100ms");

        System.out.printf("%-52s %12s %10s %10s %10s%n", "row", "readings/s", "CPU", "max RSS", "unacked");
        try (MosquittoBroker broker = MosquittoBroker.start(dir.resolve("broker"), "127.0.0.1", Ports.free())) {
            Row idle = row("baseline: the default house only (8 sensors)", root, broker, dir.resolve("idle"), Map.of(), seconds);
            Row loaded = row("100 sensors at 10 Hz, fsync every 1 s (default)", root, broker, dir.resolve("fsync-1s"),
                    Map.of("QUARKUS_CONFIG_LOCATIONS", sensors.toUri().toString()), seconds);
            Row eachFsync = row("100 sensors at 10 Hz, fsync every reading", root, broker, dir.resolve("fsync-each"),
                    Map.of("QUARKUS_CONFIG_LOCATIONS", sensors.toUri().toString(), "HEARTH_GATEWAY_SPOOL_FSYNC_EVERY", "0s"), seconds);
            // The idle gateway is what the load costs on top of, not a competitor: the loaded figures stand beside
            // the targets, the cost beside the idle run.
            Results results = Results.of("gateway");
            results.target("gateway: CPU at 1,000 readings/s through the spool", loaded.cpuPercent(), "% of a core",
                    "sensor-gateway issue's target", 10, "lower");
            results.target("gateway: highest RSS at 1,000 readings/s", loaded.rssMb(), "MB", "sensor-gateway issue's target", 150, "lower");
            results.alone("gateway: CPU the 1,000 readings/s cost over the default house alone (" + String.format(Locale.ROOT, "%.1f",
                    idle.cpuPercent()) + " %)", loaded.cpuPercent() - idle.cpuPercent(), "% of a core");
            results.figure("gateway: readings/s reaching a subscriber, fsync every reading", eachFsync.perSecond(), "/s",
                    "fsync every 1 s (default)", loaded.perSecond(), "higher");
        }
        System.out.println("\nTarget (sensor-gateway issue): at most 10 % of one core and 150 MB RSS at 1,000 readings/s.");
    }

    private record Row(double perSecond, double cpuPercent, long rssMb) {
    }

    private static Row row(String name, Path root, MosquittoBroker broker, Path dir, Map<String, String> extra, int seconds) throws Exception {
        Map<String, String> env = new HashMap<>(extra);
        env.put("HEARTH_MQTT_HOST", "127.0.0.1");
        env.put("HEARTH_MQTT_PORT", Integer.toString(broker.port()));
        env.put("HEARTH_GATEWAY_SPOOL_DIR", dir.resolve("spool").toString());
        env.put("HEARTH_JAVA_OPTIONS", System.getenv().getOrDefault("HEARTH_BENCH_JAVA_OPTIONS", HearthStack.javaOptions("sensor-gateway")));
        AtomicLong received = new AtomicLong();
        MqttClient subscriber = new MqttClient("tcp://127.0.0.1:" + broker.port(), "bench-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMaxInflight(1000);
        subscriber.connect(options);
        subscriber.subscribe("hearth/home/sensors/+", 1, (topic, message) -> received.incrementAndGet());
        try (ServiceProcess gateway = ServiceProcess.start("sensor-gateway", ServiceProcess.jarOf(root, "sensor-gateway"), Ports.free(),
                env, dir.resolve("gateway.log"))) {
            gateway.awaitReady(Duration.ofSeconds(60));
            Thread.sleep(10_000);
            long before = received.get();
            try (ProcessSampler sampler = new ProcessSampler(gateway.pid())) {
                Thread.sleep(seconds * 1000L);
                long got = received.get() - before;
                Row row = new Row(got / (double) seconds, sampler.cpuShare() * 100, sampler.maxRssMb());
                System.out.printf(Locale.ROOT, "%-52s %12.0f %8.0f %% %7d MB %10s%n", name, row.perSecond(), row.cpuPercent(), row.rssMb(),
                        unacknowledged(gateway));
                return row;
            }
        } finally {
            subscriber.disconnect();
            subscriber.close();
        }
    }

    /** The gateway's own gauge of readings not yet acknowledged by the broker. */
    private static String unacknowledged(ServiceProcess gateway) {
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(gateway.baseUrl() + "/q/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.body().lines().filter(l -> l.startsWith("hearth_gateway_spool_pending")).findFirst()
                    .map(l -> String.format(Locale.ROOT, "%.0f", Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }
}
