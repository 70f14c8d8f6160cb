package dev.hearth.gateway.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SimulatedHouseTest {

    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant MIDNIGHT = Instant.parse("2026-11-25T00:00:00Z");

    @Test
    void aHeatedRoomWarmsAndAnUnheatedOneCools() {
        SimulatedHouse heated = new SimulatedHouse(1, 18, NOON);
        SimulatedHouse cold = new SimulatedHouse(1, 18, NOON);
        heated.advance(NOON.plusSeconds(1800), 1.0);
        cold.advance(NOON.plusSeconds(1800), 0.0);
        assertThat(heated.roomCelsius()).isGreaterThan(20);
        assertThat(cold.roomCelsius()).isLessThan(16);
    }

    @Test
    void aFullHeaterSettlesTheRoomAboutItsLiftAboveOutdoors() {
        SimulatedHouse house = new SimulatedHouse(1, 10, NOON);
        Instant t = NOON;
        for (int i = 0; i < 12 * 60; i++) { // twelve hours, minute by minute
            t = t.plusSeconds(60);
            house.advance(t, 1.0);
        }
        assertThat(house.roomCelsius()).isCloseTo(SimulatedHouse.outdoorCelsius(t) + 25, within(3.0));
    }

    @Test
    void daylightFollowsTheSun() {
        assertThat(new SimulatedHouse(1, 20, NOON).measure("daylight")).isEqualTo(1);
        assertThat(new SimulatedHouse(1, 20, MIDNIGHT).measure("daylight")).isEqualTo(0);
        assertThat(new SimulatedHouse(1, 20, NOON).measure("illuminance")).isGreaterThan(300);
    }

    @Test
    void theSameSeedGivesTheSameReadings() {
        SimulatedHouse a = new SimulatedHouse(7, 20, NOON);
        SimulatedHouse b = new SimulatedHouse(7, 20, NOON);
        for (int i = 0; i < 5; i++) {
            assertThat(a.measure("temperature")).isEqualTo(b.measure("temperature"));
        }
    }
}
