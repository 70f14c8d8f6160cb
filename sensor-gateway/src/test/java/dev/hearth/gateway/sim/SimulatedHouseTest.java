package dev.hearth.gateway.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hearth.gateway.sim.SimulatedHouse.Appliance;

class SimulatedHouseTest {

    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant MIDNIGHT = Instant.parse("2026-11-25T00:00:00Z");
    private static final List<String> ROOMS = List.of("living", "bathroom");

    private static SimulatedHouse house(double celsius, Instant start) {
        return new SimulatedHouse(1, celsius, 1, start, ROOMS);
    }

    @Test
    void fullHeaterPowerWarmsARoomAndSwitchingItOffCoolsIt() {
        SimulatedHouse house = house(18, NOON);
        house.set("living", Appliance.HEATER, 1.0);
        house.advance(NOON.plusSeconds(1800));
        // Only the heated room warms; the other cools towards outdoors (about 6 °C at noon... 11 °C).
        assertThat(house.roomCelsius("living")).isGreaterThan(20);
        assertThat(house.roomCelsius("bathroom")).isLessThan(17);

        double warm = house.roomCelsius("living");
        house.set("living", Appliance.HEATER, 0);
        house.advance(NOON.plusSeconds(3 * 3600));
        assertThat(house.roomCelsius("living")).isLessThan(warm - 2);
    }

    @Test
    void aFullHeaterSettlesTheRoomAboutItsLiftAboveOutdoors() {
        SimulatedHouse house = house(10, NOON);
        house.set("living", Appliance.HEATER, 1.0);
        Instant t = NOON;
        for (int i = 0; i < 12 * 60; i++) { // twelve hours, minute by minute
            t = t.plusSeconds(60);
            house.advance(t);
        }
        assertThat(house.roomCelsius("living")).isCloseTo(SimulatedHouse.outdoorCelsius(t) + 25, within(3.0));
    }

    @Test
    void theExtractorFanClearsTheMoistureOfAShower() {
        // Find the bathroom's morning shower, from the seed.
        SimulatedHouse probe = house(20, MIDNIGHT);
        Instant shower = MIDNIGHT;
        while (!probe.moistureEvent("bathroom", shower)) {
            shower = shower.plusSeconds(60);
        }
        Instant after = shower.plus(Duration.ofMinutes(15));
        SimulatedHouse still = house(20, shower.minusSeconds(3600));
        SimulatedHouse vented = house(20, shower.minusSeconds(3600));
        still.advance(shower);
        vented.advance(shower);
        double before = still.relativeHumidity("bathroom");
        still.advance(after);
        vented.set("bathroom", Appliance.FAN, 1.0);
        vented.advance(after);
        assertThat(still.relativeHumidity("bathroom")).as("a shower without the fan").isGreaterThan(before + 10);
        vented.advance(after.plus(Duration.ofMinutes(30)));
        still.advance(after.plus(Duration.ofMinutes(30)));
        assertThat(vented.relativeHumidity("bathroom")).isLessThan(still.relativeHumidity("bathroom") - 10);
    }

    @Test
    void aHumidifierRaisesAndWarmthLowersRelativeHumidity() {
        SimulatedHouse wet = house(20, NOON);
        SimulatedHouse dry = house(20, NOON);
        wet.set("living", Appliance.HUMIDIFIER, 1.0);
        wet.advance(NOON.plusSeconds(3600));
        dry.advance(NOON.plusSeconds(3600));
        assertThat(wet.relativeHumidity("living")).isGreaterThan(dry.relativeHumidity("living") + 10);

        SimulatedHouse warm = house(20, NOON);
        warm.set("living", Appliance.HEATER, 1.0);
        warm.advance(NOON.plusSeconds(3600));
        assertThat(warm.relativeHumidity("living")).isLessThan(dry.relativeHumidity("living"));
    }

    @Test
    void daylightFollowsTheSunAndALampAddsToIt() {
        assertThat(house(20, NOON).measure("living", "daylight")).isEqualTo(1);
        assertThat(house(20, MIDNIGHT).measure("living", "daylight")).isEqualTo(0);
        assertThat(house(20, NOON).measure("living", "illuminance")).isGreaterThan(300);
        SimulatedHouse night = house(20, MIDNIGHT);
        assertThat(night.measure("living", "illuminance")).isLessThan(10);
        night.set("living", Appliance.LAMP, 1);
        assertThat(night.measure("living", "illuminance")).isGreaterThan(250);
        assertThat(night.measure("bathroom", "illuminance")).as("the lamp lights its own room").isLessThan(10);
    }

    @Test
    void windowsOpenNowAndThenForTenMinutesAndAnOpenWindowCoolsTheRoom() {
        SimulatedHouse house = house(20, MIDNIGHT);
        int openMinutes = 0;
        Instant firstOpen = null;
        for (int m = 0; m < 7 * 24 * 60; m++) {
            Instant t = MIDNIGHT.plusSeconds(60L * m);
            if (house.windowOpen("living", t)) {
                openMinutes++;
                firstOpen = firstOpen == null ? t : firstOpen;
            }
        }
        // A week: 28 six-hour blocks, about half with a ten-minute opening.
        assertThat(openMinutes).isBetween(50, 230).matches(n -> n % 10 == 0, "whole openings of ten minutes");
        SimulatedHouse open = house(20, firstOpen);
        SimulatedHouse shut = house(20, firstOpen.minusSeconds(3 * 3600)); // same physics, the window shut meanwhile
        open.advance(firstOpen.plusSeconds(600));
        shut.advance(firstOpen.minusSeconds(3 * 3600).plusSeconds(600));
        assertThat(20 - open.roomCelsius("living")).isGreaterThan(2 * (20 - shut.roomCelsius("living")));
        assertThat(open.measure("living", "window")).isZero(); // closed again after ten minutes
    }

    @Test
    void theSameSeedGivesTheSameHouseAndSpeedRunsItFaster() {
        SimulatedHouse a = house(20, NOON);
        SimulatedHouse b = house(20, NOON);
        for (int i = 0; i < 5; i++) {
            assertThat(a.measure("living", "temperature")).isEqualTo(b.measure("living", "temperature"));
        }
        SimulatedHouse fast = new SimulatedHouse(1, 18, 60, NOON, ROOMS);
        SimulatedHouse slow = house(18, NOON);
        fast.set("living", Appliance.HEATER, 1);
        slow.set("living", Appliance.HEATER, 1);
        fast.advance(NOON.plusSeconds(30));
        slow.advance(NOON.plusSeconds(30 * 60));
        assertThat(fast.roomCelsius("living")).isCloseTo(slow.roomCelsius("living"), within(0.5));
    }
}
