package dev.hearth.gateway.hardware;

/** Reads one sensor. Hearth's own interface, so that a Pi4J upgrade or a new bus changes only drivers. */
public interface SensorDriver {

    /** The current value in the sensor's unit; throws {@link DriverException} when the hardware cannot be read. */
    double read();
}
