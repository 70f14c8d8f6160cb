package dev.hearth.local.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PortsTest {

    /** The operating system offers a just-closed port again; two parts of one stack must never share one. */
    @Test
    void neverHandsOutThePortItGaveBefore() {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            int port = Ports.free();
            assertThat(ports.add(port)).as("port %d handed out twice, call %d", port, i).isTrue();
        }
    }
}
