package dev.hearth.gateway.hardware;

/** A sensor or output that could not be read or written; the sampler reports it and carries on with the others. */
public class DriverException extends RuntimeException {

    public DriverException(String message, Throwable cause) {
        super(message, cause);
    }
}
