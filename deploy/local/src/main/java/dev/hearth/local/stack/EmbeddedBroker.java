package dev.hearth.local.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;

/**
 * An MQTT 3.1.1/5 broker inside this JVM (HiveMQ Community Edition, embedded), for the single-box run and for tests.
 * With a data directory it keeps retained messages and persistent sessions across restarts, like the Mosquitto of a
 * real deployment.
 *
 * <p>Why not Moquette, which the first design notes named: Moquette 0.17 loses the payload of a PUBLISH whose
 * payload arrives in a separate TCP segment from its header (Paho and many microcontroller clients write it so), and
 * delivers retained messages on QoS 1 subscriptions without the retain flag. See {@code docs/decisions.md}.
 */
public final class EmbeddedBroker implements AutoCloseable {

    /** Larger than the manifest of a big house, far below what could hurt a Pi. */
    static final int MAX_PACKET_BYTES = 1024 * 1024;
    /**
     * Messages the broker keeps per client that is away or behind (HiveMQ CE's default, 1,000, is twenty minutes of
     * the simulated house). 150,000 hold 32 hours of the default house for history-service's persistent session
     * (1.3 messages/s, measured: 1.06 readings and 0.24 actuator states a second), or 150 s at 1,000 readings/s.
     * HiveMQ keeps them in its file store; mosquitto (the same limit, {@link MosquittoBroker}) in memory: 200,000 such
     * readings took it from 9 to 102 MB. Beyond it new messages are dropped, and {@link #droppedMessages()} counts them.
     */
    public static final long MAX_QUEUED_PER_CLIENT = 150_000;
    /**
     * QoS 1 messages the broker sends a client before waiting for its PUBACKs. HiveMQ CE's default of 50 (with a queue
     * poll only once the whole window is acknowledged) capped fan-out here at about a thousand messages per second per
     * subscriber (docs/benchmarks.md). Hearth's transport pauses its socket reads at its own in-processing limit, so a
     * larger window costs a subscriber little: at most this many messages in its memory when its handlers stall for
     * longer than the transport's longest pause (5 s). HiveMQ reads these settings from static fields.
     * <p>
     * Kept at 500, below mosquitto's {@link MosquittoBroker#MAX_INFLIGHT}: with 10,000 one CI run saw HiveMQ deliver
     * fewer than 1,500 messages in 90 s to the two members of a shared subscription (ScaleOutE2ETest). A later CI run saw
     * the same at 500, so the window is not shown to be the cause; none of ten local runs reproduced it (HiveMQ CE
     * issue #558 reports shared subscribers that fall idle). Shared subscriptions are for the scale-out layout, which
     * runs on EMQX, so ScaleOutE2ETest and SharedSubscriptionTest (which met it too) run on mosquitto; this window stays as
     * it was over twenty green runs.
     */
    public static final int MAX_INFLIGHT_PER_CLIENT = 500;

    private final EmbeddedHiveMQ hivemq;
    private final BrokerDrops drops;
    private final PublishIdGuard guard;
    private final Path workDir;
    private final Path dataDir;
    private final String host;
    private final int port;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, BrokerDrops drops, PublishIdGuard guard, Path workDir, Path dataDir, String host,
            int port) {
        this.guard = guard;
        this.dataDir = dataDir;
        this.hivemq = hivemq;
        this.drops = drops;
        this.workDir = workDir;
        this.host = host;
        this.port = port;
    }

    /**
     * Starts a broker listening on {@code host:port}. Anonymous clients are allowed, which is why the single box binds
     * it to the loopback interface by default.
     *
     * @param dataDir where sessions and retained messages persist, or {@code null} to keep them in memory
     */
    public static EmbeddedBroker start(String host, int port, Path dataDir) {
        Ports.requireFree(host, port, "embedded MQTT broker");
        try {
            Path work = Files.createTempDirectory("hearth-broker-");
            Path conf = Files.createDirectories(work.resolve("conf"));
            Path extensions = Files.createDirectories(work.resolve("extensions"));
            Path data = dataDir == null ? Files.createDirectories(work.resolve("data")) : Files.createDirectories(dataDir);
            Files.writeString(conf.resolve("config.xml"), config(host, port, dataDir != null), StandardCharsets.UTF_8);
            InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = MAX_INFLIGHT_PER_CLIENT;
            InternalConfigurations.PUBLISH_POLL_BATCH_SIZE = MAX_INFLIGHT_PER_CLIENT;
            var self = new java.util.concurrent.atomic.AtomicReference<EmbeddedHiveMQ>();
            PublishIdGuard guard = new PublishIdGuard(self);
            EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(data)
                    .withExtensionsFolder(extensions)
                    .withEmbeddedExtension(guard.extension())
                    .withoutLoggingBootstrap()
                    .build();
            self.set(hivemq);
            BrokerDrops drops = BrokerDrops.listen();
            try {
                hivemq.start().get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                closeQuietly(hivemq);
                throw new StackException("The embedded MQTT broker did not start on " + host + ":" + port + ": " + e.getMessage(), e);
            }
            return new EmbeddedBroker(hivemq, drops, guard, work, dataDir, host, port);
        } catch (IOException e) {
            throw new StackException("Cannot prepare the embedded MQTT broker: " + e.getMessage(), e);
        }
    }

    private static String config(String host, int port, boolean persistent) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>%s</bind-address>
                        </tcp-listener>
                    </listeners>
                    <restrictions>
                        <max-client-id-length>128</max-client-id-length>
                    </restrictions>
                    <mqtt>
                        <packets><max-packet-size>%d</max-packet-size></packets>
                        <queued-messages>
                            <max-queue-size>%d</max-queue-size>
                            <strategy>discard</strategy>
                        </queued-messages>
                    </mqtt>
                    <persistence><mode>%s</mode></persistence>
                    <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                </hivemq>
                """.formatted(port, host, MAX_PACKET_BYTES, MAX_QUEUED_PER_CLIENT, persistent ? "file" : "in-memory");
    }

    /** Where sessions and retained messages persist; null when they are kept in memory. */
    public Path dataDir() {
        return dataDir;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** Messages the broker dropped since it started (a client's queue full, a client not writable, ...). */
    public long droppedMessages() {
        var counter = hivemq.getMetricRegistry().getCounters().get("com.hivemq.messages.dropped.count");
        return counter == null ? 0 : counter.getCount();
    }

    /**
     * The same drops by reason ({@link BrokerDrops#QUEUE_FULL} loses readings; "internal error" is a message a crash
     * left half-written, which its publisher sends again).
     */
    public java.util.Map<String, Long> droppedByReason() {
        return drops.byReason();
    }

    /** Whether its start moved HiveMQ's message ids past every stored one ({@link PublishIdGuard}). */
    public boolean publishIdsChecked() {
        return guard.checked();
    }

    /**
     * Dropped as orphans of a crash ("internal error": a queued message whose payload a crash kept from being written),
     * which their publishers, never acknowledged, send again. Every other drop loses a message.
     */
    public long droppedOrphans() {
        return drops.byReason().getOrDefault(BrokerDrops.INTERNAL_ERROR, 0L);
    }

    public String url() {
        return "mqtt://" + host + ":" + port;
    }

    @Override
    public void close() {
        try {
            hivemq.stop().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing below still releases the port
        }
        closeQuietly(hivemq);
        deleteTree(workDir);
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq) {
        try {
            hivemq.close();
        } catch (Exception e) {
            // nothing more to do
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
