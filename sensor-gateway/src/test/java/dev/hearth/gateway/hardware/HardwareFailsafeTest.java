package dev.hearth.gateway.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HardwareFailsafeTest {

    @Test
    void everyOutputStartsAtItsFailsafeValue() {
        Declarations d = Declarations.gateway("t")
                .actuator("vent", "relay", "digital-output", 5, 1)
                .actuator("fan", "pwm", "pwm", 18, 0.4)
                .actuator("heater", "pwm", "time-proportioned", 6, 0);
        Hardware hardware = new Hardware(d.gateway(), d.hardware());
        try {
            assertThat(hardware.output("vent").current()).isEqualTo(1.0);
            assertThat(hardware.output("fan").current()).isCloseTo(0.4, within(1e-6));
            assertThat(hardware.output("heater").current()).isZero();
        } finally {
            hardware.shutdown();
        }
    }
}
