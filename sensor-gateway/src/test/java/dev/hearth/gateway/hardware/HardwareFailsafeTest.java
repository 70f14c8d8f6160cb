package dev.hearth.gateway.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.pwm.MockPwmProvider;

class HardwareFailsafeTest {

    @Test
    void everyOutputStartsAtItsFailsafeValueAndPi4jKeepsItAtShutdown() {
        Declarations d = Declarations.gateway("t")
                .actuator("vent", "relay", "digital-output", 5, 1)
                .actuator("fan", "pwm", "pwm", 18, 0.4)
                .actuator("heater", "pwm", "time-proportioned", 6, 0, "cycle", "60s")
                .actuator("frost", "pwm", "time-proportioned", 7, 1, "cycle", "60s");
        Context context = Pi4J.newContextBuilder().noAutoDetect().add(new MockPlatform())
                .add(MockDigitalOutputProvider.newInstance(), MockPwmProvider.newInstance()).build();
        Hardware hardware = new Hardware(d.declaration(), d.hardware(), context);
        try {
            assertThat(hardware.output("vent").current()).isEqualTo(1.0);
            assertThat(hardware.output("fan").current()).isCloseTo(0.4, within(1e-6));
            assertThat(hardware.output("heater").current()).isZero();
            assertThat(context.<DigitalOutput>io("heater").isLow()).isTrue();
            assertThat(hardware.output("frost").current()).isEqualTo(1.0);
            assertThat(context.<DigitalOutput>io("frost").isHigh()).isTrue();
            // What Pi4J sets when the gateway lets go (also from its own shutdown hook): each output's failsafe.
            assertThat(context.<DigitalOutput>io("vent").config().shutdownState().isHigh()).isTrue();
            assertThat(context.<DigitalOutput>io("heater").config().shutdownState().isLow()).isTrue();
            assertThat(context.<DigitalOutput>io("frost").config().shutdownState().isHigh()).isTrue();
        } finally {
            hardware.shutdown();
        }
    }
}
