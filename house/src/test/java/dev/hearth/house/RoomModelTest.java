package dev.hearth.house;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RoomModelTest {

    @Test
    void settlesAtOutdoorsPlusTheHeatersLiftTimesItsPower() {
        RoomModel room = new RoomModel(10);
        room.advance(10 * 3600, 0.4, 5, false);
        assertThat(room.roomCelsius()).isCloseTo(5 + 0.4 * RoomModel.HEATER_LIFT_CELSIUS, within(0.01));
    }

    @Test
    void theHeatersBodyDelaysTheRoom() {
        RoomModel room = new RoomModel(20);
        room.advance(60, 1, 20, false);
        // Without the heater's lag a minute at full power would add 25/1800*60 = 0.83 °C.
        assertThat(room.roomCelsius() - 20).isBetween(0.0, 0.2);
    }

    @Test
    void anOpenWindowCoolsFourTimesFaster() { // at first: over longer spans the gap to outdoors shrinks
        RoomModel closed = new RoomModel(20);
        RoomModel open = new RoomModel(20);
        closed.advance(5, 0, 0, false);
        open.advance(5, 0, 0, true);
        assertThat(20 - open.roomCelsius()).isCloseTo(4 * (20 - closed.roomCelsius()), within(0.005));
    }

    @Test
    void theDayIsColdestAtThreeAndWarmestAtFifteen() {
        assertThat(RoomModel.outdoorCelsius(3, 6, 5)).isCloseTo(1, within(1e-9));
        assertThat(RoomModel.outdoorCelsius(15, 6, 5)).isCloseTo(11, within(1e-9));
    }
}
