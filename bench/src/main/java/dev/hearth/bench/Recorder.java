package dev.hearth.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One run's bookkeeping: when each reading (by its {@code seq}) was published, which clients saw it, and the
 * publish→frame latency of every sighting.
 */
final class Recorder {

    private final long[] sentAt;
    private final AtomicLongArray seen;
    private final long[][] latencies;
    private final int[] counts;
    private final LongAdder duplicates = new LongAdder();

    Recorder(int maxReadings, int clients) {
        sentAt = new long[maxReadings];
        seen = new AtomicLongArray(maxReadings);
        latencies = new long[clients][maxReadings];
        counts = new int[clients];
    }

    void sent(int seq, long nanos) {
        sentAt[seq] = nanos;
    }

    /** Called by client {@code client}'s own thread only. */
    void received(int client, int seq, long nanos) {
        if (seq < 0 || seq >= sentAt.length || sentAt[seq] == 0) {
            return;
        }
        long bit = 1L << client;
        long before = seen.getAndAccumulate(seq, bit, (a, b) -> a | b);
        if ((before & bit) != 0) {
            duplicates.increment();
            return;
        }
        latencies[client][counts[client]++] = nanos - sentAt[seq];
    }

    /** Sightings missing of {@code published} readings times the number of clients. */
    long lost(int published, int clients) {
        long got = Arrays.stream(counts.clone()).asLongStream().sum();
        return (long) published * clients - got;
    }

    long duplicates() {
        return duplicates.sum();
    }

    /** The {@code p}-quantile (0..1) of every client's latencies, in milliseconds. */
    double quantileMillis(double p) {
        return quantilesMillis(p)[0];
    }

    /** The {@code ps}-quantiles (0..1) of every client's latencies, in milliseconds, from one sort. */
    double[] quantilesMillis(double... ps) {
        // A snapshot: late frames may still be arriving on the clients' threads.
        int[] counts = this.counts.clone();
        int total = Arrays.stream(counts).sum();
        double[] values = new double[ps.length];
        if (total == 0) {
            Arrays.fill(values, Double.NaN);
            return values;
        }
        long[] all = new long[total];
        int at = 0;
        for (int c = 0; c < counts.length; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        for (int i = 0; i < ps.length; i++) {
            values[i] = all[Math.min(total - 1, (int) Math.floor(ps[i] * total))] / 1e6;
        }
        return values;
    }
}
