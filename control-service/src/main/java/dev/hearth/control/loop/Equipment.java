package dev.hearth.control.loop;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.Manifest;

/** The sensors and actuators the gateways' manifests declare: what loop changes are checked against. */
@ApplicationScoped
public class Equipment {

    /** No gateway known: what a loop is checked against before any manifest (at start), i.e. its own rules only. */
    public static final Equipment NONE = new Equipment();

    private final Map<String, Manifest> byGateway = new ConcurrentHashMap<>();

    public void update(Manifest manifest) {
        byGateway.put(manifest.gateway(), manifest);
    }

    public boolean knowsAny() {
        return !byGateway.isEmpty();
    }

    public Optional<Manifest.Sensor> sensor(String id) {
        return byGateway.values().stream().flatMap(m -> m.sensors().stream()).filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<Manifest.Actuator> actuator(String id) {
        return byGateway.values().stream().flatMap(m -> m.actuators().stream()).filter(a -> a.id().equals(id)).findFirst();
    }

    /** Whether the actuator is an on/off relay (a PID loop then time-proportions its output). */
    public boolean isRelay(String actuator) {
        return actuator(actuator).map(a -> a.kind() == ActuatorKind.RELAY).orElse(false);
    }
}
