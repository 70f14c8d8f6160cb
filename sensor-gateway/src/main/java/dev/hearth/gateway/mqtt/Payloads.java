package dev.hearth.gateway.mqtt;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON payloads the gateway publishes, field for field as in the contract. */
public final class Payloads {

    private Payloads() {
    }

    public record Reading(String sensor, String quantity, double value, String unit, String ts, long seq) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ActuatorState(String actuator, double value, String unit, String ts, String cause, String command, String source) {
    }

    public record Manifest(String gateway, String version, String startedAt, List<SensorInfo> sensors, List<ActuatorInfo> actuators) {
    }

    public record SensorInfo(String id, String name, String room, String quantity, String unit, long intervalMs) {
    }

    public record ActuatorInfo(String id, String name, String room, String kind, double min, double max, String unit, double failsafe) {
    }
}
