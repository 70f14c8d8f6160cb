package dev.hearth.control.loop;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import dev.hearth.contract.payload.LoopState;
import dev.hearth.transport.OwnedGauges;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Each loop's last tick as Prometheus gauges, so a Grafana board can plot them: {@code hearth_control_loop_pv},
 * {@code _sp}, {@code _out} (NaN while it does not command) and {@code hearth_control_loop_state{state}} (1 for the
 * state it is in, 0 for the others), all tagged with the loop id.
 */
@ApplicationScoped
public class LoopMetrics {

    private static final class Last {
        volatile double pv = Double.NaN;
        volatile double sp = Double.NaN;
        volatile double out = Double.NaN;
        volatile LoopState state;
        final OwnedGauges gauges;

        Last(MeterRegistry registry) {
            gauges = new OwnedGauges(registry);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Last> loops = new ConcurrentHashMap<>();
    /** Set at the stop: a loop's last tick may still come, and must not register gauges no one removes. */
    private boolean stopped;

    public LoopMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(String loop, ControlLoop.Tick tick) {
        Last last;
        synchronized (this) {
            if (stopped) {
                return;
            }
            last = loops.computeIfAbsent(loop, this::register);
        }
        last.pv = tick.pv() == null ? Double.NaN : tick.pv();
        last.sp = tick.sp();
        last.out = tick.out() == null ? Double.NaN : tick.out();
        last.state = tick.state();
        registry.counter("hearth.control.ticks", "loop", loop, "state", tick.state().code()).increment();
    }

    public synchronized void forget(String loop) {
        Last last = loops.remove(loop);
        if (last != null) {
            last.gauges.close();
        }
    }

    /** So that a registry outliving this bean (see {@link OwnedGauges}) reads the next one's loops, not these. */
    @PreDestroy
    synchronized void stop() {
        stopped = true;
        List.copyOf(loops.keySet()).forEach(this::forget);
    }

    private Last register(String loop) {
        Last last = new Last(registry);
        last.gauges.add(Gauge.builder("hearth.control.loop.pv", last, l -> l.pv).tag("loop", loop));
        last.gauges.add(Gauge.builder("hearth.control.loop.sp", last, l -> l.sp).tag("loop", loop));
        last.gauges.add(Gauge.builder("hearth.control.loop.out", last, l -> l.out).tag("loop", loop));
        for (LoopState state : LoopState.values()) {
            last.gauges.add(Gauge.builder("hearth.control.loop.state", last, l -> l.state == state ? 1 : 0)
                    .tags("loop", loop, "state", state.code()));
        }
        return last;
    }
}
