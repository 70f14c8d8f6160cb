package dev.hearth.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.contract.payload.Reading;
import dev.hearth.transport.MqttSession;

/**
 * 100 sensors ({@code bench-00} … {@code bench-99}) publishing contract Readings at a steady total rate, QoS 1, through
 * Hearth's own transport; {@code seq} numbers the readings of a run so that watchers can match and time them.
 */
final class LoadPublisher {

    private final MqttSession session;
    private final String home;

    LoadPublisher(MqttSession session, String home) {
        this.session = session;
        this.home = home;
    }

    record Outcome(int published, long failed) {
    }

    /** Publishes {@code rate} readings a second for {@code duration}, 1 ms ticks; returns how many the broker acknowledged. */
    Outcome run(int rate, Duration duration, Recorder recorder) throws InterruptedException {
        return run(rate, duration, recorder, 0);
    }

    /**
     * As {@link #run(int, Duration, Recorder)}, with {@code seq} numbered from {@code firstSeq}: a warm-up numbers its
     * readings beyond the measured run's, so that watchers ignore them.
     */
    Outcome run(int rate, Duration duration, Recorder recorder, int firstSeq) throws InterruptedException {
        int total = (int) (rate * duration.toSeconds());
        AtomicInteger acked = new AtomicInteger();
        LongAdder failed = new LongAdder();
        long start = System.nanoTime();
        // Each reading is stamped with its scheduled time, not the time it was sent: when the publisher falls behind
        // and catches up, two readings of one sensor must still not share a millisecond (history keys by series and ts).
        Instant base = Instant.now();
        CompletableFuture<?>[] all = new CompletableFuture<?>[total];
        for (int seq = 0; seq < total; seq++) {
            long due = start + (long) (seq * (1e9 / rate));
            long wait = due - System.nanoTime();
            if (wait > 1_000_000) {
                Thread.sleep(wait / 1_000_000);
            }
            String sensor = String.format("bench-%02d", seq % 100);
            String payload = ContractWriter.write(new Reading(sensor, Quantity.POWER, seq, "W",
                    base.plusNanos((long) (seq * (1e9 / rate))), firstSeq + seq));
            if (firstSeq == 0) {
                recorder.sent(seq, System.nanoTime());
            }
            all[seq] = session.publish("hearth/" + home + "/sensors/" + sensor, payload, 1, false).whenComplete((ok, e) -> {
                if (e == null) {
                    acked.incrementAndGet();
                } else {
                    failed.increment();
                }
            });
        }
        CompletableFuture.allOf(all).exceptionally(e -> null).join();
        return new Outcome(acked.get(), failed.sum());
    }
}
