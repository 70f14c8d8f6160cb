package dev.hearth.gateway.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimeProportioningTest {

    @Test
    void onForTheDutysShareOfTheCycle() {
        assertThat(TimeProportioning.on(0.3, 0.0)).isTrue();
        assertThat(TimeProportioning.on(0.3, 0.29)).isTrue();
        assertThat(TimeProportioning.on(0.3, 0.31)).isFalse();
        assertThat(TimeProportioning.on(0.3, 0.99)).isFalse();
    }

    @Test
    void pulsesTooShortForARelayAreNotMade() {
        assertThat(TimeProportioning.on(0.01, 0.0)).as("1 % on: not worth a switch").isFalse();
        assertThat(TimeProportioning.on(0.99, 0.995)).as("1 % off: stays on").isTrue();
        assertThat(TimeProportioning.on(0, 0)).isFalse();
        assertThat(TimeProportioning.on(1, 0.999)).isTrue();
    }
}
