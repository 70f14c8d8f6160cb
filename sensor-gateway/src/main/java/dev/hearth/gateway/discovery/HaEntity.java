package dev.hearth.gateway.discovery;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One Home Assistant MQTT discovery config (what {@code homeassistant/{component}/{gw}/{object}/config} carries),
 * with the fields Hearth uses; absent ones are left out. Field names follow Home Assistant's ({@code state_topic}, ...).
 * {@code qos} is the contract's 1: without it Home Assistant subscribes and publishes commands at QoS 0.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HaEntity(String name, String uniqueId, Device device, String availabilityTopic, String payloadAvailable,
        String payloadNotAvailable, String stateTopic, String valueTemplate, String deviceClass, String unitOfMeasurement,
        String stateClass, String payloadOn, String payloadOff, String stateOn, String stateOff, String commandTopic,
        String commandTemplate, Double min, Double max, Double step, String mode, Integer qos) {

    /** The gateway, as Home Assistant groups its entities. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Device(List<String> identifiers, String name, String manufacturer, String model, String swVersion) {
    }
}
