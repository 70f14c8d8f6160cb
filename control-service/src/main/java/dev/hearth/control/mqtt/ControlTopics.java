package dev.hearth.control.mqtt;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Every topic control-service reads or writes, as {@code docs/contract.md} names them. */
@ApplicationScoped
public class ControlTopics {

    private final String home;

    public ControlTopics(@ConfigProperty(name = "hearth.home") String home) {
        this.home = home;
    }

    public String command(String actuator) {
        return "hearth/" + home + "/actuators/" + actuator + "/set";
    }

    public String loopConfig(String loop) {
        return "hearth/" + home + "/loops/" + loop + "/config";
    }

    public String loopStatus(String loop) {
        return "hearth/" + home + "/loops/" + loop + "/status";
    }

    /** The sensor a reading topic belongs to, or {@code null} for any other topic. */
    public String sensorOfReading(String topic) {
        String prefix = "hearth/" + home + "/sensors/";
        if (topic == null || !topic.startsWith(prefix)) {
            return null;
        }
        String id = topic.substring(prefix.length());
        return id.isEmpty() || id.contains("/") ? null : id;
    }
}
