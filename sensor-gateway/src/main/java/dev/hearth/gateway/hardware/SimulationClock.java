package dev.hearth.gateway.hardware;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

/** Keeps the simulated house moving in real time between samples. */
@ApplicationScoped
public class SimulationClock {

    private final Hardware hardware;

    public SimulationClock(Hardware hardware) {
        this.hardware = hardware;
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        hardware.syncSimulation(Instant.now());
    }
}
