package dev.hearth.gateway.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.pi4j.Pi4J;
import com.pi4j.plugin.mock.platform.MockPlatform;

import dev.hearth.contract.payload.Reading;
import dev.hearth.gateway.hardware.Declarations;
import dev.hearth.gateway.hardware.Hardware;
import dev.hearth.gateway.hardware.chip.FakeChips;
import dev.hearth.gateway.hardware.chip.FakeI2cBus;
import dev.hearth.gateway.mqtt.GatewayPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A sensor that fails publishes nothing, is counted and logged once per change, and never stops the others. */
class FailingSensorTest {

    private final FakeI2cBus bus = new FakeI2cBus();
    private final List<Reading> published = new ArrayList<>();
    private final List<LogRecord> logged = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                logged.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Hardware hardware;

    /** A sampler of {@code d}'s sensors on the fake bus, publishing into {@link #published}. */
    private SensorSampler sampler(Declarations d, SimpleMeterRegistry metrics) {
        hardware = new Hardware(d.declaration(), d.hardware(), Pi4J.newContextBuilder().noAutoDetect().add(new MockPlatform()).add(bus).build());
        return new SensorSampler(d.declaration(), hardware, new GatewayPublisher() {
            @Override
            public void reading(Reading reading) {
                published.add(reading);
            }
        }, metrics);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(SensorSampler.class.getName()).removeHandler(capture);
        hardware.shutdown();
    }

    /** A Pi booted without network has no time yet: its sensors do not fail, the readings wait for the clock. */
    @Test
    void aClockNotYetSetIsNoSensorFailureAndTheReadingsStartWhenItIs() {
        bus.with(0x44, new FakeChips.Sht31Fake());
        Declarations d = Declarations.gateway("pi").sensor("t", "sht31", "temperature");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        SensorSampler sampler = sampler(d, metrics);
        Logger.getLogger(SensorSampler.class.getName()).addHandler(capture);
        sampler.wallClock = () -> 42_000L; // 1970-01-01T00:00:42Z

        for (int i = 0; i < 3; i++) {
            sampler.sample("t", d.gateway().sensors().get("t"));
        }
        assertThat(published).isEmpty();
        assertThat(sampler.failing()).as("not the sensor's fault").isEmpty();
        assertThat(metrics.counter("hearth.gateway.readings.skipped", "reason", "clock-unset").count()).isEqualTo(3);
        assertThat(logged).as("said once").hasSize(1);
        assertThat(logged.get(0).getMessage()).contains("no readings until it is set");

        sampler.wallClock = System::currentTimeMillis;
        sampler.sample("t", d.gateway().sensors().get("t"));
        assertThat(published).hasSize(1);
        assertThat(published.get(0).seq()).isZero();
    }

    /** Samples run back to back (a stalled sampler catching up) still give each reading of a sensor its own time. */
    @Test
    void readingsTakenBackToBackHaveDistinctMilliseconds() {
        bus.with(0x44, new FakeChips.Sht31Fake());
        Declarations d = Declarations.gateway("pi").sensor("t", "sht31", "temperature");
        SensorSampler sampler = sampler(d, new SimpleMeterRegistry());
        for (int i = 0; i < 50; i++) {
            sampler.sample("t", d.gateway().sensors().get("t"));
        }
        assertThat(published).hasSize(50);
        assertThat(published.stream().map(r -> r.ts().toEpochMilli()).distinct().count()).as("distinct milliseconds").isEqualTo(50);
        assertThat(published).extracting(Reading::ts).as("in the order taken").isSorted();
        assertThat(published).extracting(Reading::seq).as("seq counts on").containsExactlyElementsOf(
                java.util.stream.LongStream.range(0, 50).boxed().toList());
    }

    @Test
    void aFailingSensorIsCountedLoggedOncePerChangeAndRecoversWhileTheOthersGoOn() {
        bus.with(0x23, new FakeChips.Bh1750Fake()).with(0x44, new FakeChips.Sht31Fake());
        Declarations d = Declarations.gateway("pi").sensor("lux", "bh1750", "illuminance").sensor("t", "sht31", "temperature");
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        SensorSampler sampler = sampler(d, metrics);
        Logger.getLogger(SensorSampler.class.getName()).addHandler(capture);

        bus.answering(0x23, false);
        for (int i = 0; i < 5; i++) {
            sampler.sample("lux", d.gateway().sensors().get("lux"));
            sampler.sample("t", d.gateway().sensors().get("t"));
        }
        assertThat(published).extracting(Reading::sensor).containsOnly("t").hasSize(5);
        assertThat(metrics.counter("hearth.gateway.sensor.failures", "sensor", "lux", "reason", "bus-error").count()).isEqualTo(5);
        assertThat(metrics.get("hearth.gateway.sensors.failing").gauge().value()).isEqualTo(1);
        assertThat(sampler.failing()).containsExactly("lux");
        assertThat(logged).hasSize(1);
        assertThat(logged.get(0).getMessage()).contains("Sensor lux fails (bus-error)");

        bus.answering(0x23, true);
        sampler.sample("lux", d.gateway().sensors().get("lux"));
        assertThat(published.get(published.size() - 1).sensor()).isEqualTo("lux");
        assertThat(published.get(published.size() - 1).seq()).as("no seq was spent on failed reads").isZero();
        assertThat(sampler.failing()).isEmpty();
        assertThat(logged).hasSize(2);
        assertThat(logged.get(1).getMessage()).contains("Sensor lux answers again, after 5 failed read(s)");
    }
}
