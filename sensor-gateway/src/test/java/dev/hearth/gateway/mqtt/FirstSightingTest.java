package dev.hearth.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FirstSightingTest {

    @Test
    void aNameIsNewOnlyOnce() {
        FirstSighting sighting = new FirstSighting(10);
        assertThat(sighting.first("kitchen-lamp")).isTrue();
        assertThat(sighting.first("kitchen-lamp")).isFalse();
        assertThat(sighting.first("hall-fan")).isTrue();
    }

    @Test
    void pastItsCapacityNothingIsNewAnyMore() {
        FirstSighting sighting = new FirstSighting(3);
        assertThat(sighting.first("a")).isTrue();
        assertThat(sighting.first("b")).isTrue();
        assertThat(sighting.first("c")).isTrue();
        assertThat(sighting.first("d")).as("a flood of made-up names stops being remembered").isFalse();
        assertThat(sighting.first("a")).isFalse();
        assertThat(sighting.full()).as("said once").isTrue();
        assertThat(sighting.full()).isFalse();
    }

    @Test
    void notFullIsNeverSaid() {
        FirstSighting sighting = new FirstSighting(3);
        sighting.first("a");
        assertThat(sighting.full()).isFalse();
    }
}
