package dev.hearth.transport;

/** A message the broker delivered to one of the service's subscriptions. */
public record IncomingMessage(String topic, byte[] payload, int qos, boolean retained) {
}
