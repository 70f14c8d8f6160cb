package dev.hearth.gateway.sampling;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.hearth.contract.payload.Reading;
import dev.hearth.gateway.config.GatewayConfig;
import dev.hearth.gateway.hardware.DriverException;
import dev.hearth.gateway.hardware.Hardware;
import dev.hearth.gateway.mqtt.GatewayPublisher;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Samples every sensor at its own interval and publishes each value as a Reading. A sensor that fails to read is
 * counted and logged, and the others carry on.
 */
@ApplicationScoped
public class SensorSampler {

    private static final Logger LOG = Logger.getLogger(SensorSampler.class);

    private final GatewayConfig config;
    private final Hardware hardware;
    private final GatewayPublisher publisher;
    private final MeterRegistry metrics;
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    // One thread: real bus reads (I2C) block, and must not block the event loop.
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hearth-sampler");
        t.setDaemon(true);
        return t;
    });

    public SensorSampler(GatewayConfig config, Hardware hardware, GatewayPublisher publisher, MeterRegistry metrics) {
        this.config = config;
        this.hardware = hardware;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    public void start() {
        config.sensors().forEach((id, sensor) -> {
            long interval = sensor.interval().toMillis();
            LOG.debugf("Sampling %s every %d ms", id, interval);
            executor.scheduleAtFixedRate(() -> sample(id, sensor), 0, interval, TimeUnit.MILLISECONDS);
        });
    }

    void sample(String id, GatewayConfig.Sensor sensor) {
        try {
            hardware.syncSimulation(Instant.now());
            double value = hardware.sensor(id).read();
            if (!Double.isFinite(value)) {
                throw new DriverException("non-finite value " + value, null);
            }
            long seq = sequences.computeIfAbsent(id, k -> new AtomicLong()).getAndIncrement();
            publisher.reading(new Reading(id, sensor.quantity(), value, sensor.unit(), Instant.now(), seq));
            metrics.counter("hearth.gateway.readings", "sensor", id).increment();
        } catch (RuntimeException e) {
            // Catch everything: an exception would cancel this sensor's schedule for good.
            metrics.counter("hearth.gateway.driver.failures", "device", id).increment();
            LOG.errorf("Sensor %s could not be read: %s", id, e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
