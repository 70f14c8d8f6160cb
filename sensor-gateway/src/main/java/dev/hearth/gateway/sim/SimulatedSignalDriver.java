package dev.hearth.gateway.sim;

import dev.hearth.gateway.hardware.SensorDriver;

/** A sensor of the simulated house, standing in for an I2C temperature, humidity or light sensor. */
public final class SimulatedSignalDriver implements SensorDriver {

    private final SimulatedHouse house;
    private final String room;
    private final String signal;

    public SimulatedSignalDriver(SimulatedHouse house, String room, String signal) {
        this.house = house;
        this.room = room;
        this.signal = signal;
        house.measure(room, signal); // fail at start-up, not at the first sample, for a misspelt signal
    }

    @Override
    public double read() {
        return house.measure(room, signal);
    }
}
