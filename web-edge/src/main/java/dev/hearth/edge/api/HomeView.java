package dev.hearth.edge.api;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.hearth.edge.state.RetainedState;

/**
 * The home as people see it, assembled from the retained state: each gateway's manifest joined with the latest
 * readings and actuator states. Staleness is derived from time: no reading for three intervals.
 */
@ApplicationScoped
public class HomeView {

    /** A sensor with its latest reading. */
    public record SensorView(String id, String name, String room, String quantity, String unit, long intervalMs,
            String gateway, JsonNode reading, boolean stale) {
    }

    /** An actuator with its current state. */
    public record ActuatorView(String id, String name, String room, String kind, double min, double max, String unit,
            double failsafe, String gateway, JsonNode state) {
    }

    /** A gateway with its status and manifest. */
    public record GatewayView(String id, String status, JsonNode manifest) {
    }

    private final RetainedState state;

    public HomeView(RetainedState state) {
        this.state = state;
    }

    public List<SensorView> sensors(Instant now) {
        List<SensorView> out = new ArrayList<>();
        for (RetainedState.Entry manifest : manifests()) {
            for (JsonNode s : manifest.payload().path("sensors")) {
                out.add(sensor(manifest.payload().path("gateway").asText(), s, now));
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
        for (RetainedState.Entry manifest : manifests()) {
            for (JsonNode a : manifest.payload().path("actuators")) {
                String id = a.path("id").asText();
                out.add(new ActuatorView(id, a.path("name").asText(), a.path("room").asText(), a.path("kind").asText(),
                        a.path("min").asDouble(), a.path("max").asDouble(), a.path("unit").asText(), a.path("failsafe").asDouble(),
                        manifest.payload().path("gateway").asText(),
                        state.get("actuators/" + id + "/state").map(RetainedState.Entry::payload).orElse(null)));
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
            String id = m.payload().path("gateway").asText();
            String status = state.get("gateways/" + id + "/status").map(e -> e.payload().asText()).orElse("unknown");
            return new GatewayView(id, status, m.payload());
        }).toList();
    }

    private List<RetainedState.Entry> manifests() {
        return state.matching(List.of("gateways/+/manifest"));
    }

    private SensorView sensor(String gateway, JsonNode s, Instant now) {
        String id = s.path("id").asText();
        long interval = s.path("intervalMs").asLong(5000);
        JsonNode reading = state.get("sensors/" + id).map(RetainedState.Entry::payload).orElse(null);
        return new SensorView(id, s.path("name").asText(), s.path("room").asText(), s.path("quantity").asText(),
                s.path("unit").asText(), interval, gateway, reading, isStale(reading, interval, now));
    }

    static boolean isStale(JsonNode reading, long intervalMs, Instant now) {
        if (reading == null) {
            return true;
        }
        try {
            Instant ts = Instant.parse(reading.path("ts").asText());
            return Duration.between(ts, now).toMillis() > 3 * intervalMs;
        } catch (DateTimeParseException e) {
            return true;
        }
    }
}
