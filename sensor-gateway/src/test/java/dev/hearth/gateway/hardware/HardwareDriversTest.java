package dev.hearth.gateway.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;

import dev.hearth.gateway.hardware.chip.FakeChips;
import dev.hearth.gateway.hardware.chip.FakeI2cBus;

/**
 * The drivers through Pi4J's mock platform, with register-level fakes of the I2C chips behind its mock bus: what the
 * gateway reads on a Pi, given what the chips would answer.
 */
class HardwareDriversTest {

    private final FakeI2cBus bus = new FakeI2cBus();
    private Context context;
    private Hardware hardware;

    @AfterEach
    void shutdown() {
        if (hardware != null) {
            hardware.shutdown();
        }
    }

    private Hardware start(Declarations d) {
        context = Pi4J.newContextBuilder().noAutoDetect().add(new MockPlatform())
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(), MockPwmProvider.newInstance(), bus)
                .build();
        hardware = new Hardware(d.declaration(), d.hardware(), context);
        return hardware;
    }

    @Test
    void aBme280sThreeChannelsComeFromOneMeasurement() {
        FakeChips.Bme280Fake bme = new FakeChips.Bme280Fake();
        bus.with(0x77, bme);
        start(Declarations.gateway("pi").sensor("t", "bme280", "temperature", "address", "0x77")
                .sensor("h", "bme280", "humidity", "address", "0x77").sensor("p", "bme280", "pressure", "address", "0x77"));
        assertThat(hardware.sensor("t").read()).isCloseTo(25.08, within(0.005));
        assertThat(hardware.sensor("p").read()).isCloseTo(1006.5327, within(0.0001)); // hPa
        assertThat(hardware.sensor("h").read()).isBetween(0.0, 100.0);
        assertThat(bme.measurements).isEqualTo(1);
    }

    @Test
    void anSht31IsReadAndAWordThatFailsItsCrcIsAFaultNotAValue() {
        FakeChips.Sht31Fake sht = new FakeChips.Sht31Fake();
        bus.with(0x44, sht);
        start(Declarations.gateway("pi").sensor("t", "sht31", "temperature").sensor("h", "sht31", "humidity"));
        assertThat(hardware.sensor("t").read()).isCloseTo(25.0, within(0.01));
        assertThat(hardware.sensor("h").read()).isCloseTo(50.0, within(0.01));

        sht.corruptHumidityCrc = true;
        sleepPastReuse();
        assertThatThrownBy(() -> hardware.sensor("h").read()).isInstanceOf(DriverException.class)
                .hasMessageContaining("CRC").satisfies(e -> assertThat(((DriverException) e).kind()).isEqualTo(DriverException.Kind.CRC));
        sht.corruptHumidityCrc = false;
        assertThat(hardware.sensor("h").read()).isCloseTo(50.0, within(0.01));
    }

    @Test
    void aBh1750ReadsTheDatasheetsExample() {
        bus.with(0x23, new FakeChips.Bh1750Fake());
        start(Declarations.gateway("pi").sensor("lux", "bh1750", "illuminance"));
        assertThat(hardware.sensor("lux").read()).isCloseTo(28067, within(0.5));
    }

    @Test
    void aChipThatStopsAnsweringFailsAsABusErrorAndIsPickedUpAgainWhenItAnswers() {
        bus.with(0x23, new FakeChips.Bh1750Fake());
        bus.answering(0x23, false); // absent at start: the gateway starts anyway
        start(Declarations.gateway("pi").sensor("lux", "bh1750", "illuminance"));
        assertThatThrownBy(() -> hardware.sensor("lux").read()).isInstanceOf(DriverException.class)
                .hasMessageContaining("I2C bus 1 address 0x23")
                .satisfies(e -> assertThat(((DriverException) e).kind()).isEqualTo(DriverException.Kind.BUS));
        bus.answering(0x23, true);
        assertThat(hardware.sensor("lux").read()).isCloseTo(28067, within(0.5));
    }

    @Test
    void aValueOutsideWhatTheSensorCanMeasureIsAFault() {
        FakeChips.Bme280Fake bme = new FakeChips.Bme280Fake();
        bus.with(0x76, bme);
        start(Declarations.gateway("pi").sensor("t", "bme280", "temperature", "max", "24"));
        assertThatThrownBy(() -> hardware.sensor("t").read()).isInstanceOf(DriverException.class)
                .satisfies(e -> assertThat(((DriverException) e).kind()).isEqualTo(DriverException.Kind.RANGE));
        assertThat(bme.measurements).isEqualTo(1);
    }

    @Test
    void aDigitalInputReportsALevelOnlyOnceItHeldForTheDebounceTime() {
        start(Declarations.gateway("pi").sensor("door", "digital-input", "contact", "pin", "22", "debounce", "300ms"));
        MockDigitalInput pin = context.io("door");
        assertThat(hardware.sensor("door").read()).isZero();
        pin.mockState(DigitalState.HIGH);
        pin.mockState(DigitalState.LOW); // a bounce
        pin.mockState(DigitalState.HIGH);
        assertThat(hardware.sensor("door").read()).as("not yet held for 300 ms").isZero();
        await().pollDelay(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> hardware.sensor("door").read() == 1);
    }

    @Test
    void aTimeProportionedRelayIsOnForItsShareOfEachCycleAndOffAtOnceOnFailsafe() {
        start(Declarations.gateway("pi").actuator("relay", "relay", "digital-output", 6, 0));
        DigitalOutput pin = context.io("relay");
        // A one-second cycle, shorter than a declaration allows, so the test sees several cycles.
        try (TimeProportionedOutput heater = new TimeProportionedOutput("heater", hardware.output("relay"), Duration.ofSeconds(1), 0)) {
            assertThat(pin.isHigh()).isFalse();
            heater.write(0.5);
            assertThat(pin.isHigh()).as("a fresh cycle starts on").isTrue();
            await().atMost(Duration.ofSeconds(3)).until(pin::isLow);
            await().atMost(Duration.ofSeconds(3)).until(pin::isHigh);
            heater.write(0);
            assertThat(pin.isHigh()).as("failsafe does not wait for the cycle").isFalse();
            assertThat(heater.current()).isZero();
            heater.write(0.5);
            assertThat(pin.isHigh()).isTrue();
        }
    }

    @Test
    void onTheMockPlatformWithNothingDeclaredTheGatewayDrivesTheSimulatedHouseAndOnlyThen() {
        Declarations nothing = withHouse(Declarations.gateway("sim"));
        assertThat(nothing.declaration().simulatedHouse()).isTrue();
        assertThat(nothing.declaration().sensors()).containsOnlyKeys("t");

        Declarations own = withHouse(Declarations.gateway("sim")).sensor("door", "digital-input", "contact", "pin", "22");
        assertThat(own.declaration().simulatedHouse()).isFalse();
        assertThat(own.declaration().sensors()).containsOnlyKeys("door");

        Declarations pi = withHouse(Declarations.gateway("pi")).with("hearth.hardware.platform", "pi");
        assertThat(pi.declaration().simulatedHouse()).isFalse();
        assertThat(pi.declaration().sensors()).isEmpty();
        assertThat(dev.hearth.gateway.config.DeclarationCheck.problems(pi.declaration(), "pi", "linuxfs"))
                .singleElement().asString().startsWith("no sensors and no actuators are declared");
    }

    @Test
    void relaysAndSharedPwmChannelsAreCheckedToo() {
        Declarations d = Declarations.gateway("pi").with("hearth.hardware.platform", "pi")
                .actuator("fan", "pwm", "pwm", 12, 0)
                .actuator("lamp", "pwm", "pwm", 18, 0)
                .actuator("heater", "pwm", "time-proportioned", 23, 0, "cycle", "2s", "min-on", "1m");
        assertThat(String.join("\n", dev.hearth.gateway.config.DeclarationCheck.problems(d.declaration(), "pi", "linuxfs")))
                .contains("actuator lamp: PWM channel 0 is already actuator fan's")
                .contains("actuator heater: cycle PT2S is too short for a relay")
                .contains("actuator heater: min-on and min-off are for kind relay");
        Declarations pi5 = Declarations.gateway("pi").with("hearth.hardware.platform", "pi")
                .actuator("fan", "pwm", "pwm", 12, 0)
                .actuator("lamp", "pwm", "pwm", 18, 0, "pwm-channel", "2");
        assertThat(dev.hearth.gateway.config.DeclarationCheck.problems(pi5.declaration(), "pi", "linuxfs")).isEmpty();
    }

    @Test
    void aDeclarationWithMistakesNamesEveryOffendingEntryAndTouchesNoPin() {
        Declarations d = Declarations.gateway("pi")
                .sensor("a", "bme281", "temperature")
                .sensor("b", "digital-input", "contact")
                .sensor("c", "bh1750", "temperature")
                .sensor("d", "sht31", "humidity", "address", "0x99")
                .actuator("x", "relay", "digital-output", 5, 2)
                .actuator("y", "pwm", "pwm", 5, 0)
                .actuator("z", "relay", "digital-output", 6, 0, "max", "10")
                .actuator("w", "pwm", "pwm", 13, Double.NaN);
        assertThatThrownBy(() -> start(d)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sensor a: unknown driver 'bme281'")
                .hasMessageContaining("sensor b: driver digital-input needs a pin")
                .hasMessageContaining("sensor c: bh1750 measures [illuminance], not temperature")
                .hasMessageContaining("sensor d: I2C address 0x99 is outside 0x03..0x77")
                .hasMessageContaining("actuator x: a relay is off (0) or on (1): min 0, max 1 and failsafe 0 or 1 (not 0.0, 1.0, 2.0)")
                .hasMessageNotContaining("actuator x: failsafe 2.0 is outside") // the same mistake, told once
                .hasMessageContaining("pin 5 is already used by actuator")
                .hasMessageContaining("actuator z: a relay is off (0) or on (1): min 0, max 1 and failsafe 0 or 1 (not 0.0, 10.0, 0.0)")
                .hasMessageContaining("actuator w: min, max and failsafe must be finite numbers (0.0, 1.0, NaN)");
    }

    @Test
    void onAMachineThatIsNoPiThePiPlatformSaysWhichEntryItCouldNotOpen() {
        Declarations d = Declarations.gateway("pi").with("hearth.hardware.platform", "pi")
                .sensor("door", "digital-input", "contact", "pin", "22");
        assertThatThrownBy(() -> new Hardware(d.declaration(), d.hardware())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("door: the pi platform could not open it");
    }

    @Test
    void theSimulatedHouseIsNoPlaceForAPi() {
        Declarations d = Declarations.gateway("pi").with("hearth.hardware.platform", "pi")
                .sensor("t", "sim", "temperature", "signal", "temperature");
        assertThatThrownBy(() -> new Hardware(d.declaration(), d.hardware())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sensor t: driver sim is the simulated house");
    }

    @Test
    void theShippedRaspberryPiDeclarationsAreSound() throws Exception {
        Declarations example = shipped("examples/raspberry-pi.properties");
        assertThat(example.gateway().sensors()).hasSize(5);
        assertThat(example.gateway().actuators()).hasSize(2);
        Declarations k3s = shipped("../deploy/k8s/base/sensor-gateway/hardware.properties");
        assertThat(k3s.gateway().actuators()).hasSize(1);
    }

    private static Declarations shipped(String file) throws java.io.IOException {
        java.util.Properties properties = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(file))) {
            properties.load(in);
        }
        Declarations d = Declarations.gateway("ignored");
        properties.forEach((k, v) -> d.with((String) k, (String) v));
        assertThat(d.hardware().platform()).as(file).isEqualTo("pi");
        assertThat(dev.hearth.gateway.config.DeclarationCheck.problems(d.declaration(), "pi", d.hardware().pwm())).as(file).isEmpty();
        return d;
    }

    @Test
    void anActiveLowModuleIsInverted() {
        start(Declarations.gateway("pi").sensor("light", "digital-input", "light", "pin", "17", "inverted", "true", "debounce", "0ms"));
        MockDigitalInput pin = context.io("light");
        pin.mockState(DigitalState.LOW); // the module pulls low in light
        assertThat(hardware.sensor("light").read()).isEqualTo(1);
        pin.mockState(DigitalState.HIGH);
        assertThat(hardware.sensor("light").read()).isZero();
    }

    /** One sensor of a simulated house, as application.properties declares the real one. */
    private static Declarations withHouse(Declarations d) {
        String p = "hearth.simulated-house.sensors.t.";
        return d.with(p + "name", "T").with(p + "room", "r").with(p + "quantity", "temperature").with(p + "unit", "C")
                .with(p + "interval", "1s").with(p + "driver", "sim").with(p + "signal", "temperature");
    }

    private static void sleepPastReuse() {
        try {
            Thread.sleep(600); // a chip's measurement is shared for 500 ms
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
