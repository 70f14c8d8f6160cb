package dev.hearth.gateway.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

import dev.hearth.house.RoomModel;

/**
 * A house in plain Java physics, so that simulated readings react to actuators like real rooms. Each room's
 * temperature follows {@link RoomModel} (the equations control-service's benchmark runs its loops against): heated by
 * its heater, losing heat to an outdoor temperature on a daily cycle, four times faster while its window is open.
 * Its humidity is moisture that cooking or a shower adds twice a day, a humidifier adds, and ventilation (always a
 * little, more with the extractor fan or an open window) takes away; warmer air holds it at a lower relative
 * humidity. Its light is daylight through the windows plus its lamp. Windows open now and then, for ten minutes.
 *
 * <p>Deterministic from the seed: the window and moisture schedules are functions of the seed, the room and the time,
 * and the sensor noise comes from the seed. {@code speed} runs temperature and humidity faster than the clock (tests).
 */
public final class SimulatedHouse {

    /** What an actuator does to its room in the simulation. */
    public enum Appliance {
        HEATER, LAMP, FAN, HUMIDIFIER
    }

    /** Ventilation of a closed room: its air is exchanged every two hours. */
    static final double BASE_VENTILATION_PER_S = 1 / 7200.0;
    /** An extractor fan at full speed, or an open window, exchanges the air every ten minutes. */
    static final double FAN_VENTILATION_PER_S = 1 / 600.0;
    /** A humidifier at full power, or a shower, raises the moisture this much per second (in % at 20 °C). */
    static final double MOISTURE_SOURCE_PER_S = 0.05;
    /** The moisture of outdoor air, as relative humidity at 20 °C. */
    static final double OUTDOOR_MOISTURE = 45;
    static final double LAMP_LUX = 300;

    private final long seed;
    private final double speed;
    private final Random noise;
    private final Map<String, Room> rooms = new LinkedHashMap<>();
    private Instant now;

    private static final class Room {
        final RoomModel heat;
        /** The air's moisture as the relative humidity it would have at 20 °C. */
        double moisture = 50;
        final Map<Appliance, Double> appliances = new EnumMap<>(Appliance.class);

        Room(double celsius) {
            heat = new RoomModel(celsius);
        }

        double level(Appliance a) {
            return Math.max(0, Math.min(1, appliances.getOrDefault(a, 0.0)));
        }
    }

    public SimulatedHouse(long seed, double startCelsius, double speed, Instant start, Collection<String> roomNames) {
        this.seed = seed;
        this.speed = speed;
        this.noise = new Random(seed);
        this.now = start;
        roomNames.forEach(name -> rooms.put(name, new Room(startCelsius)));
    }

    /** Sets what an appliance in a room is doing now (0..1); it acts from here on. */
    public synchronized void set(String room, Appliance appliance, double level) {
        room(room).appliances.put(appliance, level);
    }

    /** Advances the physics to {@code to}, a minute at a time so that outdoors and the schedules follow the clock. */
    public synchronized void advance(Instant to) {
        double seconds = Math.max(0, (to.toEpochMilli() - now.toEpochMilli()) / 1000.0);
        while (seconds > 0) {
            double dt = Math.min(seconds, 60);
            double outdoor = outdoorCelsius(now);
            for (Map.Entry<String, Room> e : rooms.entrySet()) {
                step(e.getKey(), e.getValue(), dt * speed, outdoor);
            }
            seconds -= dt;
            now = now.plusMillis((long) (dt * 1000));
        }
        now = to;
    }

    private void step(String name, Room room, double dt, double outdoor) {
        boolean window = windowOpen(name, now);
        room.heat.advance(dt, room.level(Appliance.HEATER), outdoor, window);
        double ventilation = BASE_VENTILATION_PER_S + FAN_VENTILATION_PER_S * (room.level(Appliance.FAN) + (window ? 1 : 0));
        double source = MOISTURE_SOURCE_PER_S * (room.level(Appliance.HUMIDIFIER) + (moistureEvent(name, now) ? 1 : 0));
        // Exact for a constant rate over the step: the moisture relaxes towards where source and ventilation balance.
        double balance = OUTDOOR_MOISTURE + source / ventilation;
        room.moisture = balance + (room.moisture - balance) * Math.exp(-ventilation * dt);
    }

    /** A signal of a room as a sensor would measure it, noise included. */
    public synchronized double measure(String roomName, String signal) {
        Room room = room(roomName);
        return switch (signal) {
            case "temperature" -> round(room.heat.roomCelsius() + noise.nextGaussian() * 0.05, 2);
            case "humidity" -> round(clamp(relativeHumidity(room) + noise.nextGaussian() * 0.3, 0, 100), 1);
            case "illuminance" -> round(Math.max(0, lux(room) * (1 + noise.nextGaussian() * 0.02)), 0);
            case "daylight" -> daylightLux(now) > 50 ? 1 : 0;
            case "window" -> windowOpen(roomName, now) ? 1 : 0;
            case "outdoor-temperature" -> round(outdoorCelsius(now) + noise.nextGaussian() * 0.1, 2);
            default -> throw new IllegalArgumentException("the simulated house has no signal '" + signal
                    + "' (temperature, humidity, illuminance, daylight, window, outdoor-temperature)");
        };
    }

    public synchronized double roomCelsius(String room) {
        return room(room).heat.roomCelsius();
    }

    public synchronized double relativeHumidity(String room) {
        return relativeHumidity(room(room));
    }

    private Room room(String name) {
        Room room = rooms.get(name);
        if (room == null) {
            throw new IllegalArgumentException("the simulated house has no room '" + name + "' (it has " + rooms.keySet() + ")");
        }
        return room;
    }

    /** Warmer air holds the same moisture at a lower relative humidity: about 2 % less per degree above 20 °C. */
    private static double relativeHumidity(Room room) {
        return clamp(room.moisture - 2 * (room.heat.roomCelsius() - 20), 0, 100);
    }

    private double lux(Room room) {
        return daylightLux(now) + LAMP_LUX * room.level(Appliance.LAMP);
    }

    /**
     * Whether a room's window is open: in each six-hour block, one time in two, for ten minutes from a minute drawn
     * from the seed, the room and the block. A pure function of its arguments.
     */
    public boolean windowOpen(String room, Instant t) {
        long minute = t.getEpochSecond() / 60;
        long block = minute / 360;
        SplittableRandom r = schedule(room, block, 1);
        if (!r.nextBoolean()) {
            return false;
        }
        long opens = block * 360 + r.nextInt(350);
        return minute >= opens && minute < opens + 10;
    }

    /** A shower or cooking in the room: fifteen minutes in the morning (06:00–09:00) and evening (18:00–22:00). */
    boolean moistureEvent(String room, Instant t) {
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        SplittableRandom r = schedule(room, z.toLocalDate().toEpochDay(), 2);
        int morning = 6 * 60 + r.nextInt(180);
        int evening = 18 * 60 + r.nextInt(240);
        int m = z.getHour() * 60 + z.getMinute();
        return (m >= morning && m < morning + 15) || (m >= evening && m < evening + 15);
    }

    /** A generator for one schedule slot; SplittableRandom mixes its seed, so neighbouring slots are unrelated. */
    private SplittableRandom schedule(String room, long slot, int kind) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ room.hashCode() * 0xBF58476D1CE4E5B9L ^ (slot * 4 + kind));
    }

    /** Coldest at 03:00 UTC, warmest at 15:00 UTC. */
    public static double outdoorCelsius(Instant t) {
        return RoomModel.outdoorCelsius(hourOfDay(t), 6, 5);
    }

    /** Daylight indoors between 06:00 and 18:00 UTC (about 400 lx at noon), plus a little at night. */
    static double daylightLux(Instant t) {
        double hour = hourOfDay(t);
        double sun = hour > 6 && hour < 18 ? Math.sin(Math.PI * (hour - 6) / 12) : 0;
        return 400 * sun + 2;
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
