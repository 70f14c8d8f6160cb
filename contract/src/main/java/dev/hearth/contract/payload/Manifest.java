package dev.hearth.contract.payload;

import java.time.Instant;
import java.util.List;

/** What a gateway offers, on {@code hearth/{home}/gateways/{gw}/manifest}. */
public record Manifest(String gateway, String version, Instant startedAt, List<Sensor> sensors, List<Actuator> actuators) {

    public Manifest {
        sensors = List.copyOf(sensors);
        actuators = List.copyOf(actuators);
    }

    /** A sensor: stale when no reading arrived for three of its intervals. */
    public record Sensor(String id, String name, String room, Quantity quantity, String unit, long intervalMs) {
    }

    /** An output with its range and the value it falls back to; {@code min <= failsafe <= max}. */
    public record Actuator(String id, String name, String room, ActuatorKind kind, double min, double max, String unit, double failsafe) {
    }
}
