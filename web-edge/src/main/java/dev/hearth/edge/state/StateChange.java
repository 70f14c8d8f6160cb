package dev.hearth.edge.state;

/**
 * A topic of the home got a new value (fired as a CDI event). {@code topic} is relative to {@code hearth/{home}/};
 * {@code payload} is null when a retained value was cleared.
 */
public record StateChange(String topic, Object payload) {
}
