package dev.hearth.edge.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.contract.Ids;
import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.ActuatorState;
import dev.hearth.contract.payload.GatewayStatus;
import dev.hearth.contract.payload.Manifest;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.contract.topic.HomeTopics;
import dev.hearth.contract.topic.TopicKind;
import dev.hearth.contract.payload.LoopConfig;
import dev.hearth.contract.payload.LoopStatus;
import dev.hearth.edge.state.RetainedState;

/**
 * The home as people see it, assembled from the retained state: each gateway's manifest joined with the latest
 * readings and actuator states (all typed payloads of the contract). Staleness is derived from time: no reading for
 * three intervals.
 */
@ApplicationScoped
public class HomeView {

    /** A sensor with its latest reading. */
    public record SensorView(String id, String name, String room, Quantity quantity, String unit, long intervalMs,
            String gateway, Reading reading, boolean stale) {
    }

    /** An actuator with its current state. */
    public record ActuatorView(String id, String name, String room, ActuatorKind kind, double min, double max, String unit,
            double failsafe, String gateway, ActuatorState state) {
    }

    /** A control loop: its configuration as control-service last announced it, and its latest status (null until one came). */
    public record LoopView(String id, LoopConfig config, LoopStatus status) {
    }

    /** A gateway with its status ({@code online}, {@code offline} or {@code unknown}) and manifest. */
    public record GatewayView(String id, String status, Manifest manifest) {
    }

    private final RetainedState state;

    public HomeView(RetainedState state) {
        this.state = state;
    }

    public List<SensorView> sensors(Instant now) {
        List<SensorView> out = new ArrayList<>();
        for (Manifest manifest : manifests()) {
            for (Manifest.Sensor s : manifest.sensors()) {
                Reading reading = latest(relative(TopicKind.READING, s.id()), Reading.class);
                out.add(new SensorView(s.id(), s.name(), s.room(), s.quantity(), s.unit(), s.intervalMs(), manifest.gateway(), reading,
                        isStale(reading, s.intervalMs(), now)));
            }
        }
        out.sort(Comparator.comparing(SensorView::room).thenComparing(SensorView::id));
        return out;
    }

    public Optional<SensorView> sensor(String id, Instant now) {
        return sensors(now).stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public List<ActuatorView> actuators() {
        List<ActuatorView> out = new ArrayList<>();
        for (Manifest manifest : manifests()) {
            for (Manifest.Actuator a : manifest.actuators()) {
                out.add(new ActuatorView(a.id(), a.name(), a.room(), a.kind(), a.min(), a.max(), a.unit(), a.failsafe(), manifest.gateway(),
                        latest(relative(TopicKind.ACTUATOR_STATE, a.id()), ActuatorState.class)));
            }
        }
        out.sort(Comparator.comparing(ActuatorView::room).thenComparing(ActuatorView::id));
        return out;
    }

    public Optional<ActuatorView> actuator(String id) {
        return actuators().stream().filter(a -> a.id().equals(id)).findFirst();
    }

    public List<GatewayView> gateways() {
        return manifests().stream().map(m -> {
            GatewayStatus status = latest(relative(TopicKind.GATEWAY_STATUS, m.gateway()), GatewayStatus.class);
            return new GatewayView(m.gateway(), status == null ? "unknown" : status.code(), m);
        }).toList();
    }

    public List<LoopView> loops() {
        return state.matching(List.of("loops/+/config")).stream().map(e -> e.payload()).filter(LoopConfig.class::isInstance)
                .map(LoopConfig.class::cast)
                .map(c -> new LoopView(c.loop(), c, latest(relative(TopicKind.LOOP_STATUS, c.loop()), LoopStatus.class)))
                .sorted(Comparator.comparing(LoopView::id)).toList();
    }

    /** The loop, or empty when none was announced by that id (a string that is no id at all included). */
    public Optional<LoopView> loop(String id) {
        if (!Ids.isValid(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(latest(relative(TopicKind.LOOP_CONFIG, id), LoopConfig.class))
                .map(c -> new LoopView(id, c, latest(relative(TopicKind.LOOP_STATUS, id), LoopStatus.class)));
    }

    private List<Manifest> manifests() {
        return state.matching(List.of("gateways/+/manifest")).stream().map(e -> (Manifest) e.payload()).toList();
    }

    private <T> T latest(String relativeTopic, Class<T> type) {
        return state.get(relativeTopic).map(RetainedState.Entry::payload).filter(type::isInstance).map(type::cast).orElse(null);
    }

    private static String relative(TopicKind kind, String id) {
        return HomeTopics.relativeTopic(kind, id);
    }

    static boolean isStale(Reading reading, long intervalMs, Instant now) {
        return reading == null || Duration.between(reading.ts(), now).toMillis() > 3 * intervalMs;
    }
}
