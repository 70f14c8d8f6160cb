package dev.hearth.gateway.hardware;

/** Drives one actuator output. */
public interface OutputDriver {

    /** Sets the output; the value is already validated against the actuator's range. */
    void write(double value);

    /** What the output is set to now, as the hardware reports it. */
    double current();
}
