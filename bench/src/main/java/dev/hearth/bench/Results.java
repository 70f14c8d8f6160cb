package dev.hearth.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Where a benchmark leaves its figures for {@code bench/all}'s report: one tab-separated file per benchmark in
 * {@code HEARTH_BENCH_RESULTS} (default {@code bench/target/results}), appended line by line so that a run cut short keeps
 * what it measured. Two kinds of line: a figure beside the baseline measured in the same run (or a target, where
 * nothing can be measured beside it), and a point of a plot.
 */
final class Results {

    private final String bench;
    private final Path file;

    private Results(String bench, Path file) {
        this.bench = bench;
        this.file = file;
    }

    /** A fresh file for {@code bench}: what an earlier run of the same benchmark left is replaced. */
    static Results of(String bench) {
        Path dir = Path.of(System.getenv().getOrDefault("HEARTH_BENCH_RESULTS", "bench/target/results"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(bench + ".tsv");
            Files.deleteIfExists(file);
            Files.writeString(file, "machine\t" + Machine.describe() + "\n", StandardCharsets.UTF_8);
            return new Results(bench, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Results that go nowhere: for a warm-up pass. */
    static Results none() {
        return new Results("none", null);
    }

    /**
     * A figure beside its baseline from the same run. {@code better} says which way is better ("lower" or "higher"),
     * so that the report can say whether the ratio favours Hearth.
     */
    void figure(String what, double value, String unit, String baseline, double baselineValue, String better) {
        line("figure", what, number(value), unit, baseline, number(baselineValue), better);
    }

    /** A figure with no baseline measurable in the same run, shown beside the target it is held to. */
    void target(String what, double value, String unit, String target, double targetValue, String better) {
        line("target", what, number(value), unit, target, number(targetValue), better);
    }

    /** A figure nothing in the same run can stand beside (a rebuild's duration): shown alone. */
    void alone(String what, double value, String unit) {
        line("alone", what, number(value), unit, "", number(Double.NaN), "");
    }

    /** Runs {@code sample} every {@code period} on a daemon thread until the answer is closed: for plots over time. */
    static AutoCloseable sampleEvery(java.time.Duration period, Runnable sample) {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-sampler");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            try {
                sample.run();
            } catch (RuntimeException e) {
                // One sample missed; an exception here would cancel every later one.
            }
        }, 0, period.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        return () -> {
            timer.shutdownNow();
            // A sample still running must be done before the caller closes what it reads.
            timer.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        };
    }

    /** One point of plot {@code plot}, on its line {@code series}. */
    void point(String plot, String series, double x, double y) {
        line("point", plot, series, number(x), number(y));
    }

    /** The axes of plot {@code plot}, and whether the y axis is logarithmic. */
    void axes(String plot, String title, String xLabel, String yLabel, boolean logY) {
        line("axes", plot, title, xLabel, yLabel, Boolean.toString(logY));
    }

    /** The publish→frame latency distribution of {@code recorder}, as percentile points of plot {@code plot}. */
    void latencies(String plot, String series, Recorder recorder) {
        // Every percent to the 90th, then every tenth of a percent: the tail is what the plot is for.
        double[] percents = java.util.stream.IntStream.rangeClosed(0, 999).filter(k -> k >= 900 || k % 10 == 0)
                .mapToDouble(k -> k / 10.0).toArray();
        double[] millis = recorder.quantilesMillis(java.util.Arrays.stream(percents).map(p -> p / 100).toArray());
        for (int i = 0; i < percents.length; i++) {
            point(plot, series, percents[i], millis[i]);
        }
    }

    private synchronized void line(String kind, String... fields) {
        if (file == null) {
            return;
        }
        StringBuilder b = new StringBuilder(kind).append('\t').append(bench);
        for (String f : fields) {
            b.append('\t').append(f.replace('\t', ' ').replace('\n', ' '));
        }
        try {
            Files.writeString(file, b.append('\n'), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
