package dev.hearth.gateway.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.Cause;
import dev.hearth.contract.payload.Command;
import dev.hearth.gateway.config.Declaration;
import dev.hearth.gateway.config.GatewayConfig;
import dev.hearth.gateway.hardware.DriverException;
import dev.hearth.gateway.hardware.Hardware;
import dev.hearth.gateway.mqtt.GatewayPublisher;
import dev.hearth.transport.OwnedGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Applies the {@link ActuatorBank}'s decisions to the outputs and announces each change as retained state. Deciding
 * and writing the pin happen under one lock, so a command's write can never land after a concurrent expiry or
 * failsafe has written the safe value (which would leave the pin on while the bank says off). A write that fails is
 * made again at every tick of the {@link SafetyClock} until the output takes the bank's value: the bank has already
 * moved on (an expiry or a failsafe happens once), so without that a heater whose failsafe write failed once would
 * stay on while its state said off.
 */
@ApplicationScoped
public class ActuatorService {

    private static final Logger LOG = Logger.getLogger(ActuatorService.class);

    private final ActuatorBank bank;
    private final Hardware hardware;
    private final GatewayPublisher publisher;
    private final MeterRegistry metrics;
    private final java.util.concurrent.ExecutorService outputs = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hearth-outputs");
        t.setDaemon(true);
        return t;
    });
    private boolean shutDown;
    /** When the last failsafe of all outputs ran (monotonic ms): a command that arrived before it is stale. */
    private long lastFailsafeMs = Long.MIN_VALUE;
    /** Outputs whose last write failed, so whose pin may not hold the bank's value. */
    private final Set<String> unconfirmed = ConcurrentHashMap.newKeySet();
    /** Outputs whose last state could not be written at all (logged once until it can). */
    private final Set<String> unannounced = ConcurrentHashMap.newKeySet();
    private final OwnedGauges gauges;

    public ActuatorService(GatewayConfig config, Declaration declaration, Hardware hardware, GatewayPublisher publisher,
            MeterRegistry metrics) {
        this.bank = new ActuatorBank(declaration.actuators().entrySet().stream()
                .map(e -> new ActuatorBank.Spec(e.getKey(), e.getValue().min(), e.getValue().max(), e.getValue().failsafe(),
                        e.getValue().unit(), e.getValue().maxCommandLifetime(), e.getValue().kind() == ActuatorKind.RELAY,
                        e.getValue().minOn().orElse(null), e.getValue().minOff().orElse(null)))
                .toList(), config.rememberedCommands(), config.commandClockSkew());
        this.hardware = hardware;
        this.publisher = publisher;
        this.metrics = metrics;
        this.gauges = new OwnedGauges(metrics);
        gauges.add(Gauge.builder("hearth.gateway.outputs.unconfirmed", unconfirmed, Set::size)
                .description("Outputs whose last write failed; written again four times a second until it takes"));
    }

    /**
     * Every output to its failsafe value. An output that fails with anything but a driver's passing failure (the
     * hardware could not be opened at all) stops the start, once the other outputs are written: a gateway must not run
     * without its hardware.
     */
    public synchronized void start() {
        lastFailsafeMs = monotonicMs();
        drive(bank.start(Instant.now(), lastFailsafeMs), true);
    }

    /** Whether {@code actuator} is one of this gateway's outputs. */
    public boolean owns(String actuator) {
        return bank.has(actuator);
    }

    /**
     * Applies a command on the outputs' own thread, never on the caller's (an MQTT event loop must not wait for a pin
     * or for this lock); completes with null, or with why it was refused. Commands are applied in the order given.
     */
    public CompletableFuture<String> commandAsync(String actuator, Command command) {
        // Both clocks are read on arrival: a command's lifetime counts from then, however long it waits for the thread.
        Instant arrived = Instant.now();
        long arrivedMs = monotonicMs();
        return CompletableFuture.supplyAsync(() -> command(actuator, command, arrived, arrivedMs), outputs);
    }

    /** Applies a command that arrived at {@code now} (monotonic {@code monoMs}), or returns why it was refused. */
    synchronized String command(String actuator, Command command, Instant now, long monoMs) {
        if (shutDown) {
            return "the gateway is stopping: its outputs are at their failsafe values";
        }
        if (monoMs < lastFailsafeMs) {
            return "command " + command.id() + " arrived before the outputs went to failsafe; a newer one must confirm it";
        }
        ActuatorBank.Outcome outcome = bank.apply(actuator, command, now, monoMs);
        if (!outcome.accepted()) {
            return outcome.rejection();
        }
        if (outcome.change() == null) {
            LOG.debugf("Command %s on %s held back: the relay switched too recently", command.id(), actuator);
            return null;
        }
        drive(List.of(outcome.change()), false);
        return null;
    }

    /**
     * Called by the {@link SafetyClock}: outputs whose command ran out go back to their failsafe value, and outputs whose
     * last write failed are written again.
     */
    synchronized void expireCommands() {
        List<ActuatorChange> expired = bank.expire(Instant.now(), monotonicMs());
        expired.stream().filter(c -> c.cause() == Cause.EXPIRED)
                .forEach(c -> LOG.infof("Command on %s expired: back to its failsafe value %s", c.actuator(), c.value()));
        drive(expired, false);
        for (String actuator : List.copyOf(unconfirmed)) {
            if (expired.stream().noneMatch(c -> c.actuator().equals(actuator))) { // not written again in the same tick
                write(actuator, bank.value(actuator));
            }
        }
    }

    /** Every output to its failsafe value; returns the acknowledgements of the state messages. */
    public synchronized List<CompletableFuture<Void>> failsafe(Cause cause, boolean includeUnchanged) {
        if (cause == Cause.SHUTDOWN) {
            shutDown = true; // no command may drive an output after the shutdown
        }
        lastFailsafeMs = monotonicMs(); // nor may one that was queued before this failsafe
        return drive(bank.failsafeAll(cause, Instant.now(), lastFailsafeMs, includeUnchanged), false);
    }

    @PreDestroy
    void stop() {
        gauges.close();
        outputs.shutdownNow();
    }

    private static long monotonicMs() {
        return System.nanoTime() / 1_000_000;
    }

    public List<ActuatorChange> current() {
        return bank.current();
    }

    /** Every output's state once more (a new connection), each through the same guard as a change's. */
    public void reannounce() {
        current().forEach(this::announce);
    }

    /** One output's state once more (someone cleared it); false when it is not one of this gateway's. */
    public boolean reannounce(String actuator) {
        return current().stream().filter(c -> c.actuator().equals(actuator)).findFirst().map(this::announce).isPresent();
    }

    /**
     * Writes and announces each change: the state says what the bank decided, and an output whose write failed is
     * written again at every safety tick until its pin holds that. With {@code failOnUnexpected}, a failure that is no
     * driver's passing one goes up once every output is written.
     */
    private List<CompletableFuture<Void>> drive(List<ActuatorChange> changes, boolean failOnUnexpected) {
        List<CompletableFuture<Void>> sent = new java.util.ArrayList<>();
        Throwable unexpected = null;
        for (ActuatorChange change : changes) {
            Throwable failure = write(change.actuator(), change.value());
            // Only collected where it goes up: addSuppressed refuses the same instance twice (the JVM's preallocated
            // OutOfMemoryError), and nothing here may throw before every output is written.
            if (failOnUnexpected && failure != null && !(failure instanceof DriverException || failure instanceof LinkageError)) {
                if (unexpected == null) {
                    unexpected = failure;
                } else if (failure != unexpected) {
                    unexpected.addSuppressed(failure);
                }
            }
            sent.add(announce(change));
        }
        if (failOnUnexpected && unexpected != null) {
            if (unexpected instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) unexpected;
        }
        return sent;
    }

    /**
     * The change's retained state, sent. A state that cannot even be written (a clock outside 2000..2100, as on a Pi
     * that booted without its time) must not keep the outputs after it from being driven, nor stop the gateway.
     */
    private CompletableFuture<Void> announce(ActuatorChange change) {
        try {
            CompletableFuture<Void> sent = publisher.actuatorState(change);
            if (unannounced.remove(change.actuator())) {
                LOG.infof("The state of %s is announced again", change.actuator());
            }
            return sent;
        } catch (RuntimeException e) {
            if (unannounced.add(change.actuator())) { // once, not at every change while the clock is wrong
                LOG.errorf("The state of %s (%s) could not be announced: %s", change.actuator(), change.value(), e.getMessage());
            }
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Sets one output, or returns why it could not. Whatever the failure, even a bug or an Error, the output stays
     * unconfirmed and is written again at the next tick: a heater whose expiry threw must not stay on. A failure is
     * counted at every try and logged when the output starts failing and when it recovers, not four times a second.
     */
    private Throwable write(String actuator, double value) {
        try {
            hardware.output(actuator).write(value);
        } catch (RuntimeException | Error e) {
            metrics.counter("hearth.gateway.driver.failures", "device", actuator).increment();
            if (unconfirmed.add(actuator)) {
                String message = String.format("Output %s could not be set to %s (tried again every %d ms until it takes)",
                        actuator, value, SafetyClock.TICK_MS);
                if (e instanceof DriverException || e instanceof LinkageError) {
                    LOG.errorf("%s: %s", message, e instanceof DriverException ? e.getMessage() : e.toString());
                } else {
                    LOG.error(message, e); // not a driver's known failure: the stack says where
                }
            }
            return e;
        }
        if (unconfirmed.remove(actuator)) {
            LOG.infof("Output %s is set again (to %s)", actuator, value);
        }
        return null;
    }

    public static void awaitAll(List<CompletableFuture<Void>> sent, Duration timeout) {
        sent.forEach(f -> GatewayPublisher.await(f, timeout));
    }
}
