package dev.hearth.control.mqtt;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.AutotuneReport;
import dev.hearth.contract.payload.Command;
import dev.hearth.contract.payload.LoopConfig;
import dev.hearth.contract.payload.LoopConfigResult;
import dev.hearth.contract.payload.LoopStatus;
import dev.hearth.control.loop.ControlLoop;
import dev.hearth.transport.MqttSession;

/**
 * Publishes commands (QoS 1), loop configurations (QoS 1, retained; an empty retained payload once a loop is
 * removed), the results of changes (QoS 1), autotune reports (QoS 1, retained) and loop status (QoS 0).
 */
@ApplicationScoped
public class LoopPublisher {

    private static final Logger LOG = Logger.getLogger(LoopPublisher.class);

    @Inject
    MqttSession session;

    @Inject
    ControlTopics topics;

    public Command command(String loop, String actuator, double value, long ttlMs, Instant now) {
        Command command = new Command(UUID.randomUUID().toString(), value, "loop:" + loop, now, ttlMs);
        send(topics.command(actuator), ContractWriter.write(command), 1, false);
        return command;
    }

    public CompletableFuture<Void> config(LoopConfig config) {
        return send(topics.loopConfig(config.loop()), ContractWriter.write(config), 1, true);
    }

    /** Clears a removed loop's retained config and autotune report, so nobody sees it as a loop any more. */
    public CompletableFuture<Void> removed(String loop) {
        send(topics.loopAutotune(loop), "", 1, true);
        return send(topics.loopConfig(loop), "", 1, true);
    }

    public void result(LoopConfigResult result) {
        send(topics.loopConfigResult(result.loop()), ContractWriter.write(result), 1, false);
    }

    public void autotune(AutotuneReport report) {
        send(topics.loopAutotune(report.loop()), ContractWriter.write(report), 1, true);
    }

    public void status(String loop, ControlLoop.Tick tick, Instant now) {
        LoopStatus status = new LoopStatus(loop, now, tick.pv(), tick.sp(), round(tick.out()), round(tick.p()), round(tick.i()),
                round(tick.d()), tick.mode(), tick.state());
        send(topics.loopStatus(loop), ContractWriter.write(status), 0, false);
    }

    /** Six decimals: enough for any actuator, and no floating-point noise like 1.5959999999999994 on the dashboard. */
    private static Double round(Double v) {
        return v == null ? null : Math.round(v * 1e6) / 1e6;
    }

    private CompletableFuture<Void> send(String topic, String payload, int qos, boolean retain) {
        // A lost command is safe (the gateway's TTL fails the output safe); config is re-sent at every (re)connect.
        return session.publish(topic, payload, qos, retain).exceptionally(failure -> {
            LOG.debugf("Not delivered to %s: %s", topic, failure.getMessage());
            return null;
        });
    }
}
