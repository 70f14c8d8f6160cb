package dev.hearth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Samples one process's resident memory each second and its CPU time over a run, from Linux's {@code /proc}. */
final class ProcessSampler implements AutoCloseable {

    /** A clock tick of /proc/{pid}/stat: USER_HZ is 100 on every Linux this runs on. */
    private static final double TICK_SECONDS = 0.01;

    private final long pid;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final long startTicks;
    private final long startNanos = System.nanoTime();
    private volatile long maxRssKb;

    ProcessSampler(long pid) {
        this.pid = pid;
        this.startTicks = cpuTicks();
        timer.scheduleAtFixedRate(() -> maxRssKb = Math.max(maxRssKb, ProcFs.rssKb(pid)), 0, 1, TimeUnit.SECONDS);
    }

    /** "max RSS 180 MB, CPU 43 % of one core" over the run so far. */
    String summary() {
        return String.format(java.util.Locale.ROOT, "max RSS %d MB, CPU %.0f %% of one core", maxRssMb(), cpuShare() * 100);
    }

    /** The highest resident memory sampled so far. */
    long maxRssMb() {
        return maxRssKb / 1024;
    }

    /** CPU time over wall time since the start: 1.0 is one core busy all along. */
    double cpuShare() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return (cpuTicks() - startTicks) * TICK_SECONDS / seconds;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private long cpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (IOException e) {
            return 0;
        }
    }
}
