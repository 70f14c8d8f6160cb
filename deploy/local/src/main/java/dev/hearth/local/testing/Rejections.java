package dev.hearth.local.testing;

import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A service's count of rejected MQTT payloads ({@code hearth.mqtt.rejected}, tagged with the topic {@code kind} and
 * the contract's {@code reason}), read from its own {@link MeterRegistry} in a {@code @QuarkusTest}.
 */
public final class Rejections {

    public static final String METER = "hearth.mqtt.rejected";

    private Rejections() {
    }

    /** Rejections of one kind of topic, by reason. */
    public static Map<String, Double> byReason(MeterRegistry registry, String kind) {
        Map<String, Double> counts = new TreeMap<>();
        for (Counter c : registry.find(METER).tag("kind", kind).counters()) {
            counts.merge(c.getId().getTag("reason"), c.count(), Double::sum);
        }
        return counts;
    }

    /** Rejections of one kind of topic, all reasons. */
    public static double total(MeterRegistry registry, String kind) {
        return byReason(registry, kind).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** {@code after - before} per reason, leaving out reasons that did not move. */
    public static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
        Map<String, Double> delta = new TreeMap<>();
        after.forEach((reason, n) -> {
            double d = n - before.getOrDefault(reason, 0.0);
            if (d != 0) {
                delta.put(reason, d);
            }
        });
        return delta;
    }
}
