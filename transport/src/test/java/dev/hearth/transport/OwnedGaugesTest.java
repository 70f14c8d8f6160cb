package dev.hearth.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A registry that outlives the objects whose gauges it holds, as Quarkus's global composite does across restarts. */
class OwnedGaugesTest {

    static Stream<MeterRegistry> registries() {
        CompositeMeterRegistry composite = new CompositeMeterRegistry();
        composite.add(new SimpleMeterRegistry());
        return Stream.of(new SimpleMeterRegistry(), composite);
    }

    private static double read(MeterRegistry registry) {
        return registry.get("hearth.test.level").tag("room", "hall").gauge().value();
    }

    private static Gauge.Builder<AtomicInteger> level(AtomicInteger source) {
        return Gauge.builder("hearth.test.level", source, AtomicInteger::get).tag("room", "hall");
    }

    @ParameterizedTest
    @MethodSource("registries")
    void theNextOwnerOfTheSameNameReadsItsOwnObject(MeterRegistry registry) {
        OwnedGauges first = new OwnedGauges(registry);
        first.add(level(new AtomicInteger(1)));
        assertThat(read(registry)).isEqualTo(1);
        first.close();
        assertThat(registry.find("hearth.test.level").gauge()).isNull();

        OwnedGauges second = new OwnedGauges(registry);
        second.add(level(new AtomicInteger(2)));
        assertThat(read(registry)).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("registries")
    void aCloseRemovesOnlyGaugesThatAreStillItsOwn(MeterRegistry registry) {
        OwnedGauges first = new OwnedGauges(registry);
        first.add(level(new AtomicInteger(1)));
        // Someone else took the name over before the first owner closed (Micrometer removes by id, not by instance).
        registry.remove(registry.get("hearth.test.level").gauge());
        OwnedGauges second = new OwnedGauges(registry);
        second.add(level(new AtomicInteger(2)));

        first.close();

        assertThat(read(registry)).isEqualTo(2);
    }

    @ParameterizedTest
    @MethodSource("registries")
    void nothingIsRegisteredAfterTheClose(MeterRegistry registry) {
        OwnedGauges owner = new OwnedGauges(registry);
        owner.close();

        assertThat(owner.add(level(new AtomicInteger(3)))).isFalse();
        assertThat(registry.find("hearth.test.level").gauge()).isNull();
    }
}
