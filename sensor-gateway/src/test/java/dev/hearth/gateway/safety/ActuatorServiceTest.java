package dev.hearth.gateway.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.pi4j.Pi4J;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;

import dev.hearth.contract.payload.Cause;
import dev.hearth.contract.payload.Command;
import dev.hearth.gateway.hardware.DriverException;
import dev.hearth.gateway.hardware.Hardware;
import dev.hearth.gateway.hardware.OutputDriver;
import dev.hearth.gateway.hardware.Declarations;
import dev.hearth.gateway.mqtt.GatewayPublisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Outputs whose driver fails a write: the pin must still end at the value the gateway decided and announced. */
class ActuatorServiceTest {

    /** Pi4J's mock outputs, with a switch that makes a write fail the way a real driver's can. */
    static final class FlakyHardware extends Hardware {
        final Map<String, RuntimeException> failing = new ConcurrentHashMap<>();
        final Map<String, Error> failingHard = new ConcurrentHashMap<>();

        FlakyHardware(Declarations d) {
            super(d.declaration(), d.hardware(), Pi4J.newContextBuilder().noAutoDetect().add(new MockPlatform())
                    .add(MockDigitalOutputProvider.newInstance(), MockPwmProvider.newInstance()).build());
        }

        @Override
        public OutputDriver output(String id) {
            OutputDriver real = super.output(id);
            return new OutputDriver() {
                @Override
                public void write(double value) {
                    if (failing.containsKey(id)) {
                        throw failing.get(id);
                    }
                    if (failingHard.containsKey(id)) {
                        throw failingHard.get(id);
                    }
                    real.write(value);
                }

                @Override
                public double current() {
                    return real.current();
                }
            };
        }

        double pin(String id) {
            return super.output(id).current();
        }
    }

    private final List<ActuatorChange> announced = new CopyOnWriteArrayList<>();
    /** What the contract's writer does with a time outside its window: a Pi that booted without its clock. */
    private volatile boolean unwritableStates;
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private FlakyHardware hardware;
    private ActuatorService service;

    /** The service on {@code hardware}, not started, announcing into {@link #announced}. */
    private ActuatorService serviceOn(FlakyHardware hardware, Declarations d) {
        this.hardware = hardware;
        service = new ActuatorService(d.gateway(), d.declaration(), hardware, new GatewayPublisher() {
            @Override
            public CompletableFuture<Void> actuatorState(ActuatorChange change) {
                if (unwritableStates) {
                    throw new IllegalArgumentException("'ts' 1970-01-01T00:00:42Z is outside 2000..2100");
                }
                announced.add(change);
                return CompletableFuture.completedFuture(null);
            }
        }, metrics);
        return service;
    }

    private ActuatorService start(Declarations d) {
        serviceOn(new FlakyHardware(d), d).start();
        return service;
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop();
        }
        if (hardware != null) {
            hardware.shutdown();
        }
    }

    private static long monotonicMs() {
        return System.nanoTime() / 1_000_000;
    }

    private double unconfirmed() {
        return metrics.get("hearth.gateway.outputs.unconfirmed").gauge().value();
    }

    @Test
    void anExpiryWhoseWriteFailedIsWrittenAgainUntilThePinIsOff() {
        start(Declarations.gateway("pi").actuator("heater", "pwm", "pwm", 18, 0));
        Instant now = Instant.now();
        // Stamped 900 ms ago with 1 s to live: it runs out 100 ms after it arrives.
        assertThat(service.command("heater", new Command("c1", 0.8, "user:test", now.minusMillis(900), 1000L), now, monotonicMs())).isNull();
        assertThat(hardware.pin("heater")).isCloseTo(0.8, within(1e-6));

        hardware.failing.put("heater", new DriverException("PWM 18 unwritable: pigpiod went away", new java.io.IOException("connection refused")));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            service.expireCommands();
            assertThat(announced).last().extracting(ActuatorChange::cause).isEqualTo(Cause.EXPIRED);
        });
        assertThat(announced).last().extracting(ActuatorChange::value).isEqualTo(0.0);
        assertThat(hardware.pin("heater")).as("the write failed").isCloseTo(0.8, within(1e-6));
        service.expireCommands();
        service.expireCommands();
        assertThat(unconfirmed()).isEqualTo(1);
        assertThat(metrics.get("hearth.gateway.driver.failures").tag("device", "heater").counter().count()).isEqualTo(3);

        hardware.failing.remove("heater");
        service.expireCommands();

        assertThat(hardware.pin("heater")).as("the pin the state announced").isZero();
        assertThat(unconfirmed()).isZero();
        int announcedBefore = announced.size();
        service.expireCommands();
        assertThat(announced).as("the expiry is announced once, not again at each write").hasSize(announcedBefore);
    }

    @Test
    void hardwareThatCannotBeOpenedAtAllStopsTheStartAfterTheOtherOutputsAreWritten() {
        Declarations d = Declarations.gateway("pi").actuator("heater", "pwm", "pwm", 18, 0).actuator("fan", "pwm", "pwm", 19, 0.2);
        serviceOn(new FlakyHardware(d), d);
        hardware.failing.put("heater", new IllegalStateException("heater: the pi platform could not open it"));
        hardware.output("fan").write(1.0);

        // Not a driver's passing failure, to be written again: the gateway must not run without its hardware.
        assertThatThrownBy(service::start).hasMessageContaining("could not open");
        assertThat(hardware.pin("fan")).isCloseTo(0.2, within(1e-6));
        assertThat(unconfirmed()).isEqualTo(1);
    }

    @Test
    void aStateThatCannotBeAnnouncedStopsNeitherTheStartNorTheOtherOutputs() {
        Declarations d = Declarations.gateway("pi").actuator("heater", "pwm", "pwm", 18, 0).actuator("fan", "pwm", "pwm", 19, 0.2);
        serviceOn(new FlakyHardware(d), d);
        hardware.output("heater").write(1.0);
        hardware.output("fan").write(1.0);
        unwritableStates = true;

        service.start();

        assertThat(hardware.pin("heater")).isZero();
        assertThat(hardware.pin("fan")).isCloseTo(0.2, within(1e-6));
        Instant now = Instant.now();
        assertThat(service.command("heater", new Command("c1", 0.5, "user:test", now, 60_000L), now, monotonicMs())).isNull();
        service.failsafe(Cause.FAILSAFE, false);
        assertThat(hardware.pin("heater")).as("the failsafe after it").isZero();
    }

    @Test
    void aFailsafeGoesOnWhenTwoOutputsThrowTheSameInstance() {
        // As the JVM's preallocated OutOfMemoryError is: collected twice, addSuppressed threw and the failsafe stopped.
        Declarations d = Declarations.gateway("pi").actuator("heater", "pwm", "pwm", 18, 0).actuator("fan", "pwm", "pwm", 19, 0.2)
                .actuator("pump", "pwm", "pwm", 13, 0);
        start(d);
        Instant now = Instant.now();
        for (String output : List.of("heater", "fan", "pump")) {
            assertThat(service.command(output, new Command("c-" + output, 0.9, "loop:heat", now, null), now, monotonicMs())).isNull();
        }
        IllegalStateException same = new IllegalStateException("PWM provider shut down");
        hardware.failing.put("heater", same);
        hardware.failing.put("fan", same);

        service.failsafe(Cause.FAILSAFE, false);

        assertThat(hardware.pin("pump")).isZero();
        assertThat(unconfirmed()).isEqualTo(2);
    }

    @Test
    void aStartThatFailsTwiceWithTheSameInstanceThrowsItAfterWritingTheRest() {
        Declarations d = Declarations.gateway("pi").actuator("heater", "pwm", "pwm", 18, 0).actuator("fan", "pwm", "pwm", 19, 0.2)
                .actuator("pump", "pwm", "pwm", 13, 0);
        serviceOn(new FlakyHardware(d), d);
        IllegalStateException same = new IllegalStateException("the pi platform could not open it");
        hardware.failing.put("fan", same);
        hardware.failing.put("heater", same);
        hardware.output("pump").write(1.0);

        assertThatThrownBy(service::start).isSameAs(same);
        assertThat(hardware.pin("pump")).isZero();
    }

    @Test
    void anExpiryThatThrowsSomethingUnexpectedIsWrittenAgainUntilThePinIsOff() {
        start(Declarations.gateway("pi").actuator("heater", "pwm", "pwm", 18, 0));
        Instant now = Instant.now();
        assertThat(service.command("heater", new Command("c1", 0.8, "user:test", now.minusMillis(900), 1000L), now, monotonicMs())).isNull();
        // No DriverException: Pi4J's own state check, or a bug in a driver, throws whatever it throws.
        hardware.failing.put("heater", new IllegalStateException("PWM 18: provider shut down"));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            service.expireCommands(); // on the safety clock's thread: it must neither throw nor give up on the pin
            assertThat(announced).last().extracting(ActuatorChange::cause).isEqualTo(Cause.EXPIRED);
        });
        assertThat(announced).last().extracting(ActuatorChange::value).isEqualTo(0.0);
        assertThat(hardware.pin("heater")).as("the write failed").isCloseTo(0.8, within(1e-6));
        assertThat(unconfirmed()).isEqualTo(1);

        hardware.failing.remove("heater");
        service.expireCommands();

        assertThat(hardware.pin("heater")).as("the pin the state announced").isZero();
        assertThat(unconfirmed()).isZero();
    }

    @Test
    void aFailsafeGoesOnPastAnOutputWhoseNativeDriverThrowsAnErrorAndWritesThatOneOnceItCan() {
        start(Declarations.gateway("pi").actuator("heater", "pwm", "pwm", 18, 0).actuator("fan", "pwm", "pwm", 19, 0.2));
        Instant now = Instant.now();
        assertThat(service.command("heater", new Command("c1", 0.9, "loop:heat", now, null), now, monotonicMs())).isNull();
        assertThat(service.command("fan", new Command("c2", 1.0, "loop:heat", now, null), now, monotonicMs())).isNull();
        hardware.failingHard.put("heater", new UnsatisfiedLinkError("libpigpio.so: cannot open shared object file"));

        service.failsafe(Cause.FAILSAFE, false);

        // Written in the bank's order, heater or fan first: the fan's write must happen either way.
        assertThat(hardware.pin("fan")).as("the output after the failing one").isCloseTo(0.2, within(1e-6));
        assertThat(hardware.pin("heater")).isCloseTo(0.9, within(1e-6));
        assertThat(unconfirmed()).isEqualTo(1);

        hardware.failingHard.remove("heater");
        service.expireCommands();

        assertThat(hardware.pin("heater")).isZero();
        assertThat(unconfirmed()).isZero();
    }
}
