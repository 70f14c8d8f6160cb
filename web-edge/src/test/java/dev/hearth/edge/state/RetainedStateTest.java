package dev.hearth.edge.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.event.Event;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class RetainedStateTest {

    private final List<StateChange> fired = new ArrayList<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @SuppressWarnings("unchecked")
    private final Event<StateChange> events = (Event<StateChange>) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {Event.class}, (proxy, method, args) -> {
                if (method.getName().equals("fire")) {
                    fired.add((StateChange) args[0]);
                }
                return null;
            });

    @Test
    void aFloodOfNewTopicsStopsAtTheLimitWhileKnownTopicsGoOnUpdating() {
        RetainedState state = new RetainedState(events, 3, metrics);
        for (int i = 0; i < 10; i++) {
            state.put("sensors/s" + i, "v" + i, Instant.now());
        }
        assertThat(state.matching(List.of("#"))).extracting(RetainedState.Entry::topic).containsExactly("sensors/s0", "sensors/s1", "sensors/s2");
        assertThat(metrics.counter("hearth.edge.state.refused").count()).isEqualTo(7);
        assertThat(fired).hasSize(3);

        state.put("sensors/s1", "newer", Instant.now());
        assertThat(state.get("sensors/s1")).get().extracting(RetainedState.Entry::payload).isEqualTo("newer");
        // A topic forgotten makes room for another.
        state.put("sensors/s0", null, Instant.now());
        state.put("sensors/s9", "v9", Instant.now());
        assertThat(state.get("sensors/s9")).isPresent();
        assertThat(fired).hasSize(6);
    }
}
