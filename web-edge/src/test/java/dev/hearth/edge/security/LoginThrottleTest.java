package dev.hearth.edge.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final Instant t0 = Instant.parse("2026-11-27T08:00:00Z");
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15));

    @Test
    void holdsBackAfterTheFreeFailuresDoublingUpToTheCap() {
        for (int i = 0; i < 3; i++) {
            throttle.failed(t0, "admin");
            assertThat(throttle.delay(t0, "admin")).isZero();
        }
        throttle.failed(t0, "admin");
        assertThat(throttle.delay(t0, "admin")).isEqualTo(Duration.ofSeconds(1));
        throttle.failed(t0, "admin");
        assertThat(throttle.delay(t0, "admin")).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 50; i++) {
            throttle.failed(t0, "admin");
        }
        assertThat(throttle.delay(t0, "admin")).isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.delay(t0, "someone-else")).isZero();
    }

    @Test
    void forgetsOnSuccessAndWhenTheFailuresAreOld() {
        for (int i = 0; i < 5; i++) {
            throttle.failed(t0, "sam");
        }
        assertThat(throttle.delay(t0.plus(Duration.ofMinutes(14)), "sam")).isPositive();
        assertThat(throttle.delay(t0.plus(Duration.ofMinutes(16)), "sam")).isZero();
        // An old streak starts again from one.
        throttle.failed(t0.plus(Duration.ofMinutes(16)), "sam");
        assertThat(throttle.delay(t0.plus(Duration.ofMinutes(16)), "sam")).isZero();

        for (int i = 0; i < 5; i++) {
            throttle.failed(t0, "kim");
        }
        throttle.succeeded("kim");
        assertThat(throttle.delay(t0, "kim")).isZero();
    }

    @Test
    void memoryStaysBoundedUnderASprayOfNames() {
        for (int i = 0; i < LoginThrottle.MAX_KEYS * 3; i++) {
            throttle.failed(t0, "name-" + i);
        }
        assertThat(throttle.size()).isLessThanOrEqualTo(LoginThrottle.MAX_KEYS);
    }
}
