package dev.hearth.house;

/**
 * The heat balance of one room, the equations every simulated temperature in Hearth comes from. Two first-order
 * stages: the heater's body (a radiator warms and cools over minutes, which is what makes a room overshoot when a
 * thermostat switches late) and the room, which gains from the heater and loses to outdoors, four times faster while
 * a window is open. Mutable state, time passed in: callers decide whether time is real or virtual.
 */
public final class RoomModel {

    /** Time constant of the room's heat loss to outdoors, windows closed. */
    public static final double ROOM_TIME_CONSTANT_S = 1800;
    /** Time constant of the heater's body following its power. */
    public static final double HEATER_TIME_CONSTANT_S = 240;
    /** How far above outdoors a heater at full power holds the room, once settled, windows closed. */
    public static final double HEATER_LIFT_CELSIUS = 25;
    /** An open window multiplies the loss to outdoors by this. */
    public static final double OPEN_WINDOW_LOSS_FACTOR = 4;
    /** Integration step: far below both time constants. */
    private static final double MAX_STEP_S = 5;

    private double roomCelsius;
    private double heaterOutput; // 0..1: the share of full heat the heater's body gives the room now

    public RoomModel(double roomCelsius) {
        this.roomCelsius = roomCelsius;
    }

    /**
     * Advances {@code seconds} with the heater's power at {@code power} (0..1), outdoors at {@code outdoorCelsius}
     * and the window {@code windowOpen}.
     */
    public void advance(double seconds, double power, double outdoorCelsius, boolean windowOpen) {
        double p = Math.max(0, Math.min(1, power));
        double loss = (windowOpen ? OPEN_WINDOW_LOSS_FACTOR : 1) / ROOM_TIME_CONSTANT_S;
        while (seconds > 0) {
            double dt = Math.min(seconds, MAX_STEP_S);
            heaterOutput += (p - heaterOutput) * dt / HEATER_TIME_CONSTANT_S;
            roomCelsius += (HEATER_LIFT_CELSIUS * heaterOutput / ROOM_TIME_CONSTANT_S - loss * (roomCelsius - outdoorCelsius)) * dt;
            seconds -= dt;
        }
    }

    public double roomCelsius() {
        return roomCelsius;
    }

    /** Outdoors over a day: coldest at 03:00, warmest at 15:00, {@code mean} ± {@code swing}. */
    public static double outdoorCelsius(double hourOfDay, double mean, double swing) {
        return mean + swing * Math.sin(2 * Math.PI * (hourOfDay - 9) / 24);
    }
}
