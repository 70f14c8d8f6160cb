package dev.hearth.history.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import dev.hearth.history.store.PointBatchWriter;
import dev.hearth.transport.IncomingMessage;
import dev.hearth.transport.MqttReadiness;
import dev.hearth.transport.MqttSession;
import dev.hearth.transport.MqttSettings;
import dev.hearth.transport.OwnedGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * history-service's MQTT intake on the shared transport: a fixed client id and a persistent session (the broker
 * queues this service's messages while it is down), QoS 1, and each message acknowledged only once its row is
 * committed (or the contract refused it). Points are written in batches ({@link PointBatcher}: up to
 * {@link #MAX_BATCH} per statement and commit) in {@link #LANES} lanes, a series always in the same one, each lane one
 * batch at a time in arrival order; when the database refuses one, it is tried again with backoff until it succeeds,
 * and meanwhile the session stops reading (at most {@link #IN_PROCESSING} messages are held here) so the broker keeps
 * the rest. So a reading the broker has accepted is lost neither to a history-service restart nor to a database outage.
 */
@ApplicationScoped
public class MqttIntake {

    private static final Logger LOG = Logger.getLogger(MqttIntake.class);

    /**
     * Points per batch: one statement per table and one commit flush for up to 2,500 readings. The broker's window of
     * unacknowledged messages (10,000 on mosquitto, the single box's and deploy/'s) holds, per lane, a batch being written
     * and one filling; the embedded HiveMQ CE's 500 keep batches smaller.
     */
    static final int MAX_BATCH = 2500;
    /**
     * Batches written at once, on as many connections: while one lane's batch is in PostgreSQL the other's can be too,
     * on the other core, instead of waiting for the service to hand it over. A series has one lane, so its readings
     * reach its rollups in order (appended, not recomputed).
     */
    static final int LANES = 2;
    /** How long a batch waits for more points after its first: what a reading's trip to the disk may add. */
    static final long LINGER_MS = 20;
    /** Messages taken from the broker and not yet stored (a batch being written and the next one filling). */
    static final int IN_PROCESSING = LANES * 2 * MAX_BATCH;

    private final Vertx vertx;
    private final IntakeConfig config;
    private final ReadingIngestor ingestor;
    private final PointBatchWriter writer;
    private final MeterRegistry metrics;
    /** Removed at the stop (see {@link OwnedGauges}). */
    private final OwnedGauges gauges;
    /** One per lane, created on first use. */
    private volatile PointBatcher[] batchers;

    public MqttIntake(Vertx vertx, IntakeConfig config, ReadingIngestor ingestor, PointBatchWriter writer, MeterRegistry metrics) {
        this.vertx = vertx;
        this.config = config;
        this.ingestor = ingestor;
        this.writer = writer;
        this.metrics = metrics;
        this.gauges = new OwnedGauges(metrics);
        gauges.add(Gauge.builder("hearth.history.ingest.lag.seconds", this, MqttIntake::lagSeconds)
                .description("age of the newest point of the last committed batch, at its commit"));
        gauges.add(Gauge.builder("hearth.history.ingest.waiting.seconds", this, MqttIntake::waitingSeconds)
                .description("how long the oldest message taken from the broker has waited for its commit (0 when none waits)"));
    }

    /** The longest wait of any lane: a stuck lane shows, even while the other one commits. */
    private double waitingSeconds() {
        PointBatcher[] current = batchers;
        return current == null ? 0 : java.util.Arrays.stream(current).mapToLong(PointBatcher::waitingMs).max().orElse(0) / 1000.0;
    }

    /** The lag at the latest commit of any lane (a lane whose series fell silent keeps its last lag, and says nothing now). */
    private double lagSeconds() {
        PointBatcher[] current = batchers;
        return current == null ? 0 : java.util.Arrays.stream(current).max(java.util.Comparator.comparingLong(PointBatcher::lastCommitNanos))
                .map(PointBatcher::lagMs).orElse(0L) / 1000.0;
    }

    @Produces
    @Singleton
    MqttSession session(MeterRegistry registry) {
        IntakeConfig.Mqtt mqtt = config.mqtt();
        String clientId = mqtt.clientId().orElse("hearth-history-" + config.home());
        if (mqtt.shareGroup().isPresent() && mqtt.clientId().isEmpty()) {
            // Not refused: one instance in a group is fine. Two with this id take each other's session in turns.
            LOG.warnf("HEARTH_MQTT_SHARE_GROUP is set and HEARTH_MQTT_CLIENT_ID is not: every replica connects as %s, and two of them"
                    + " would take each other's session over and over; give each replica a distinct, stable HEARTH_MQTT_CLIENT_ID", clientId);
        }
        MqttSettings settings = MqttSettings.of(mqtt.host(), mqtt.port(), config.home(), clientId).persistent()
                .withCredentials(mqtt.username(), mqtt.password()).withMaxInProcessing(IN_PROCESSING)
                .withReconnect(mqtt.reconnectDelay().dividedBy(4), mqtt.reconnectDelay().multipliedBy(5));
        return new MqttSession(vertx, settings, registry);
    }

    @Produces
    @Readiness
    @Singleton
    HealthCheck readiness(MqttSession session) {
        return new MqttReadiness(session);
    }

    void onStart(@Observes StartupEvent event, MqttSession session) {
        new HistoryTopics(config.home(), config.mqtt().shareGroup()).subscriptions().forEach((filter, qos) -> session.subscribe(filter, qos, this::handle));
        session.start();
    }

    /**
     * First of all at a stop: no more messages, then the batch being written is given a moment to commit, before the
     * database pool closes under it. Its messages can no longer be acknowledged (the session is closed): like every
     * unacknowledged message they come back at the next start, and the rows already stored are skipped.
     */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event, MqttSession session) {
        session.close();
        gauges.close();
        PointBatcher[] current = batchers;
        if (current != null) {
            // Every lane stops retrying first; then one deadline for all of them.
            java.util.Arrays.stream(current).forEach(PointBatcher::closing);
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
            for (PointBatcher lane : current) {
                lane.close(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        }
    }

    /**
     * Called on the session's event loop, in arrival order. A message the contract refuses is done at once; the
     * transport acknowledges it only after the readings before it are stored (InboundFlow acknowledges in order).
     */
    CompletionStage<Void> handle(IncomingMessage message) {
        return ingestor.read(message.topic(), message.payload())
                .<CompletionStage<Void>>map(point -> lane(point.series()).add(point))
                .orElse(CompletableFuture.completedFuture(null));
    }

    /** The lane of a series. Created on first use, on the session's event loop, whose timers they then use. */
    private PointBatcher lane(String series) {
        if (batchers == null) {
            PointBatcher[] lanes = new PointBatcher[LANES];
            for (int i = 0; i < LANES; i++) {
                lanes[i] = new PointBatcher(vertx, writer, MAX_BATCH, LINGER_MS, config.mqtt().retryDelay().toMillis(), metrics);
            }
            batchers = lanes;
        }
        return batchers[Math.floorMod(series.hashCode(), LANES)];
    }
}
