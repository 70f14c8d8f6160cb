package dev.hearth.gateway.hardware;

/** A sensor or output that could not be read or written; the sampler reports it and carries on with the others. */
public class DriverException extends RuntimeException {

    /** Why, as counted in {@code hearth_gateway_sensor_failures_total{reason}}. */
    public enum Kind {
        /** The bus or the pin failed, or the device did not answer. */
        BUS("bus-error"),
        /** The device answered with data that failed its checksum. */
        CRC("bad-crc"),
        /** The value is outside what the sensor can measure: a broken or disconnected sensor. */
        RANGE("out-of-range");

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private final Kind kind;

    public DriverException(String message, Throwable cause) {
        this(message, cause, Kind.BUS);
    }

    public DriverException(String message, Throwable cause, Kind kind) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
