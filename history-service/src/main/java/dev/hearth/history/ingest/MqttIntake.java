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

import dev.hearth.transport.IncomingMessage;
import dev.hearth.transport.MqttReadiness;
import dev.hearth.transport.MqttSession;
import dev.hearth.transport.MqttSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * history-service's MQTT intake on the shared transport: a fixed client id and a persistent session (the broker
 * queues this service's messages while it is down), QoS 1, and each message acknowledged only once its row is
 * committed (or the contract refused it). Messages are stored one after the other in arrival order; when the database
 * refuses one, it is tried again with backoff until it succeeds, and meanwhile the session stops reading (at most
 * {@link #IN_PROCESSING} messages are held here) so the broker keeps the rest. So a reading the broker has accepted is
 * lost neither to a history-service restart nor to a database outage.
 */
@ApplicationScoped
public class MqttIntake {

    private static final Logger LOG = Logger.getLogger(MqttIntake.class);
    /** Messages taken from the broker and not yet stored; beyond it the session pauses reading. */
    static final int IN_PROCESSING = 64;

    private final Vertx vertx;
    private final IntakeConfig config;
    private final ReadingIngestor ingestor;
    /** The last message's storing: each next one starts when it is done, which keeps arrival order. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    private int failedAttempts;

    public MqttIntake(Vertx vertx, IntakeConfig config, ReadingIngestor ingestor) {
        this.vertx = vertx;
        this.config = config;
        this.ingestor = ingestor;
    }

    @Produces
    @Singleton
    MqttSession session(MeterRegistry registry) {
        IntakeConfig.Mqtt mqtt = config.mqtt();
        String clientId = mqtt.clientId().orElse("hearth-history-" + config.home());
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
        new HistoryTopics(config.home()).subscriptions().forEach((filter, qos) -> session.subscribe(filter, qos, this::handle));
        session.start();
    }

    /** Unacknowledged messages stay with the broker's session and come back on the next start. */
    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event, MqttSession session) {
        session.close();
    }

    /** Called on the session's event loop, in arrival order. */
    CompletionStage<Void> handle(IncomingMessage message) {
        tail = tail.thenCompose(previous -> store(message));
        return tail;
    }

    private CompletableFuture<Void> store(IncomingMessage message) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        attempt(message, stored);
        return stored;
    }

    private void attempt(IncomingMessage message, CompletableFuture<Void> stored) {
        // Each attempt gets its own duplicated context, marked safe: that is where Hibernate Reactive keeps its session.
        Context duplicated = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(duplicated, true);
        duplicated.runOnContext(v -> {
            try {
                ingestor.ingest(message.topic(), message.payload()).subscribe().with(outcome -> {
                    if (failedAttempts > 0) {
                        LOG.infof("Storing works again after %d failed attempts", failedAttempts);
                        failedAttempts = 0;
                    }
                    stored.complete(null);
                }, failure -> retryLater(message, stored, failure));
            } catch (RuntimeException e) {
                retryLater(message, stored, e);
            }
        });
    }

    /** Backs off from the retry delay up to 30 s, and says so once rather than at every attempt. */
    private void retryLater(IncomingMessage message, CompletableFuture<Void> stored, Throwable failure) {
        long delay = Math.min(30_000, config.mqtt().retryDelay().toMillis() << Math.min(failedAttempts, 10));
        if (failedAttempts == 0) {
            LOG.warnf("Could not store a message on %s (%s); holding it and the ones after it until the database is back",
                    message.topic(), failure.getMessage());
        } else {
            LOG.debugf("Still cannot store (attempt %s): %s; next try in %s ms", (Object) (failedAttempts + 1), failure.getMessage(), delay);
        }
        failedAttempts++;
        vertx.setTimer(delay, id -> attempt(message, stored));
    }
}
