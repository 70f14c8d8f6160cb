package dev.hearth.transport;

/** A publish that could not reach the broker: no connection, a full publish queue, or the connection lost before PUBACK. */
public final class NotConnectedException extends RuntimeException {

    public NotConnectedException(String message) {
        super(message, null, false, false);
    }
}
