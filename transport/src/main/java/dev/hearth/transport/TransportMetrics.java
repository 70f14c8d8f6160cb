package dev.hearth.transport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.hearth.contract.topic.HomeTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The session's meters, per topic kind of the contract: {@code hearth.mqtt.connected}, {@code hearth.mqtt.messages.in},
 * {@code hearth.mqtt.messages.out}, {@code hearth.mqtt.in.processing}, {@code hearth.mqtt.paused} (time),
 * {@code hearth.mqtt.reconnects}, {@code hearth.mqtt.handler.failures}, {@code hearth.mqtt.publish.failures}.
 */
final class TransportMetrics {

    private final MeterRegistry registry;
    private final HomeTopics topics;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final OwnedGauges gauges;
    final Timer paused;
    final Counter reconnects;

    TransportMetrics(MeterRegistry registry, String home, Supplier<Number> connected, Supplier<Number> inProcessing) {
        this.registry = registry;
        this.topics = new HomeTopics(home);
        this.gauges = new OwnedGauges(registry);
        gauges.add(Gauge.builder("hearth.mqtt.connected", connected));
        gauges.add(Gauge.builder("hearth.mqtt.in.processing", inProcessing));
        this.paused = Timer.builder("hearth.mqtt.paused").description("time socket reads were paused because handlers were behind")
                .register(registry);
        this.reconnects = registry.counter("hearth.mqtt.reconnects");
    }

    /** Removes the gauges, which read this session (see {@link OwnedGauges}). */
    void close() {
        gauges.close();
    }

    void in(String topic) {
        counter("hearth.mqtt.messages.in", topic).increment();
    }

    void out(String topic) {
        counter("hearth.mqtt.messages.out", topic).increment();
    }

    void handlerFailure(String topic) {
        counter("hearth.mqtt.handler.failures", topic).increment();
    }

    void publishFailure(String topic) {
        counter("hearth.mqtt.publish.failures", topic).increment();
    }

    private Counter counter(String name, String topic) {
        String kind = topics.parse(topic).map(t -> t.kind().code()).orElse("other");
        return counters.computeIfAbsent(name + "|" + kind, k -> registry.counter(name, "kind", kind));
    }
}
