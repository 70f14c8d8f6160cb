package dev.hearth.gateway.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Random;

import dev.hearth.house.RoomModel;

/**
 * A one-room house in plain Java physics, so that simulated readings react to actuators like a real room: the room
 * temperature follows {@link RoomModel} (the same equations control-service's benchmark, {@code bench/control}, runs its loops against), heated by the
 * heater and losing heat to an outdoor temperature that follows the time of day; relative humidity falls as the air
 * warms, and daylight follows the sun. Noise comes from a fixed seed, so runs repeat.
 */
public final class SimulatedHouse {

    private final Random noise;
    private final RoomModel room;
    private Instant now;

    public SimulatedHouse(long seed, double startCelsius, Instant start) {
        this.noise = new Random(seed);
        this.room = new RoomModel(startCelsius);
        this.now = start;
    }

    /** Advances the physics to {@code to} with the heater at {@code heater} (0..1) over that span. */
    public synchronized void advance(Instant to, double heater) {
        double seconds = Math.max(0, (to.toEpochMilli() - now.toEpochMilli()) / 1000.0);
        // A minute at a time, so that the outdoor temperature follows the clock over a long pause.
        while (seconds > 0) {
            double dt = Math.min(seconds, 60);
            room.advance(dt, heater, outdoorCelsius(now), false);
            seconds -= dt;
            now = now.plusMillis((long) (dt * 1000));
        }
        now = to;
    }

    /** A named signal as a sensor would measure it, noise included. */
    public synchronized double measure(String signal) {
        return switch (signal) {
            case "temperature" -> round(room.roomCelsius() + noise.nextGaussian() * 0.05, 2);
            case "humidity" -> round(clamp(relativeHumidity() + noise.nextGaussian() * 0.3, 0, 100), 1);
            case "illuminance" -> round(Math.max(0, indoorLux() * (1 + noise.nextGaussian() * 0.02)), 0);
            case "daylight" -> indoorLux() > 50 ? 1 : 0;
            case "outdoor-temperature" -> round(outdoorCelsius(now) + noise.nextGaussian() * 0.1, 2);
            default -> throw new IllegalArgumentException("the simulated house has no signal '" + signal + "'");
        };
    }

    public synchronized double roomCelsius() {
        return room.roomCelsius();
    }

    /** Coldest at 03:00 UTC, warmest at 15:00 UTC. */
    static double outdoorCelsius(Instant t) {
        return RoomModel.outdoorCelsius(hourOfDay(t), 6, 5);
    }

    /** Indoor light from daylight between 06:00 and 18:00 UTC (about 400 lx at noon), plus a little at night. */
    private double indoorLux() {
        double hour = hourOfDay(now);
        double sun = hour > 6 && hour < 18 ? Math.sin(Math.PI * (hour - 6) / 12) : 0;
        return 400 * sun + 2;
    }

    /** Moist outdoor air warmed indoors holds less relative humidity: about 2 % less per degree. */
    private double relativeHumidity() {
        return 55 - 2 * (room.roomCelsius() - 20);
    }

    private static double hourOfDay(Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return z.getHour() + z.getMinute() / 60.0 + z.getSecond() / 3600.0;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
