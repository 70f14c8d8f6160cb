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
        for (int i = 0; i < 2; i++) {
            throttle.failed(t0, "admin");
            assertThat(throttle.reserve(t0, "admin")).isZero();
        }
        // After 3 failed logins the next attempt waits 1 s, as docs/apis.md says (found by a new user: it was the fifth).
        throttle.failed(t0, "admin");
        assertThat(throttle.reserve(t0, "admin")).isEqualTo(Duration.ofSeconds(1));
        Instant t1 = t0.plusSeconds(1);
        throttle.failed(t1, "admin");
        assertThat(throttle.reserve(t1, "admin")).isEqualTo(Duration.ofSeconds(2));
        Instant t2 = t1.plusSeconds(2);
        for (int i = 0; i < 50; i++) {
            throttle.failed(t2, "admin");
        }
        assertThat(throttle.reserve(t2, "admin")).isEqualTo(Duration.ofSeconds(30));
        assertThat(throttle.reserve(t2, "someone-else")).isZero();
    }

    @Test
    void withNoFreeFailuresTheFirstOneHoldsTheNextAttemptTheFirstDelay() {
        LoginThrottle strict = new LoginThrottle(0, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(15));
        assertThat(strict.reserve(t0, "admin")).isZero();
        strict.failed(t0, "admin");
        assertThat(strict.reserve(t0, "admin")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void parallelAttemptsQueueOneDelayApartAndTheRestAreRefused() {
        for (int i = 0; i < 4; i++) {
            throttle.failed(t0, "admin"); // one past the free ones: 2 s apart
        }
        for (int i = 1; i <= 30; i++) {
            assertThat(throttle.reserve(t0, "admin")).as("attempt %d", i).isEqualTo(Duration.ofSeconds(2L * i));
        }
        assertThat(throttle.reserve(t0, "admin")).as("beyond twice the cap").isNull();
    }

    @Test
    void forgetsOnSuccessAndWhenTheFailuresAreOld() {
        for (int i = 0; i < 5; i++) {
            throttle.failed(t0, "sam");
        }
        assertThat(throttle.reserve(t0.plus(Duration.ofMinutes(16)), "sam")).isZero();
        // An old streak starts again from one.
        throttle.failed(t0.plus(Duration.ofMinutes(16)), "sam");
        assertThat(throttle.reserve(t0.plus(Duration.ofMinutes(16)), "sam")).isZero();

        for (int i = 0; i < 5; i++) {
            throttle.failed(t0, "kim");
        }
        throttle.succeeded("kim");
        assertThat(throttle.reserve(t0, "kim")).isZero();
    }

    @Test
    void aSprayOfNamesStaysBoundedAndDoesNotWipeAStreakStillGoingOn() {
        for (int i = 0; i < 5; i++) {
            throttle.failed(t0, "admin");
        }
        for (int i = 0; i < LoginThrottle.MAX_KEYS * 3; i++) {
            Instant now = t0.plusMillis(i);
            throttle.failed(now, "name-" + i);
            if (i % 500 == 0) {
                throttle.failed(now, "admin");
            }
        }
        assertThat(throttle.size()).isLessThanOrEqualTo(LoginThrottle.MAX_KEYS);
        assertThat(throttle.reserve(t0.plusMillis(LoginThrottle.MAX_KEYS * 3L), "admin")).isPositive();
        throttle.failed(t0, "x".repeat(LoginThrottle.MAX_NAME + 1));
        assertThat(throttle.reserve(t0, "x".repeat(LoginThrottle.MAX_NAME + 1))).isZero();
    }
}
