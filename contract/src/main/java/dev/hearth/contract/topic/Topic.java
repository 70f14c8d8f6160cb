package dev.hearth.contract.topic;

/**
 * A parsed topic of a home: its kind and the id it names (gateway, sensor, actuator or loop), and its form relative to
 * {@code hearth/{home}/}, which is how web-edge's WebSocket clients see it.
 */
public record Topic(TopicKind kind, String id, String relative) {
}
