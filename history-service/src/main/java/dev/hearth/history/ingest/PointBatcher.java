package dev.hearth.history.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import dev.hearth.history.store.PointBatchWriter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Gathers points into batches and writes one batch at a time, in arrival order. While no batch is being written, a
 * batch goes when it holds {@code maxBatch} points or {@code lingerMs} after its first; while one is, the next fills
 * and goes the moment the write before it is done (or when full), so under load each commit takes what arrived during
 * the last one and never waits out a linger. Each point's future completes when its batch is committed, which is when
 * its MQTT message is acknowledged: the broker's window of unacknowledged messages must therefore hold two batches of
 * each batcher for one to fill while the other is written. When the database refuses a batch, the same batch is tried again with
 * backoff (rows already stored are skipped), and the points behind it wait: the transport stops reading, and the
 * broker keeps the rest. Not thread-safe: called on one event loop, the one it is created on.
 */
final class PointBatcher {

    private static final Logger LOG = Logger.getLogger(PointBatcher.class);

    private record Pending(Point point, CompletableFuture<Void> stored) {
    }

    private final Vertx vertx;
    private final io.vertx.core.Context context;
    private final PointBatchWriter writer;
    private final int maxBatch;
    private final long lingerMs;
    private final long retryMs;
    private final MeterRegistry metrics;
    private final DistributionSummary batchSizes;
    private final Timer commits;
    private List<Pending> open = new ArrayList<>();
    private long lingerTimer = -1;
    /**
     * The last batch's writing: the next starts when it is done. Written on the event loop only; volatile so that
     * {@link #close(Duration)} on the shutdown thread sees the latest.
     */
    private volatile CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
    /** Set when the service stops: a write that fails then is not retried; its messages stay with the broker. */
    private volatile boolean closing;
    private int failedAttempts;
    /** How old the newest point of the last committed batch was when it was committed: the ingest lag. */
    private volatile long lagMs;
    private volatile long lastCommitNanos = Long.MIN_VALUE;
    /** {@link #waitingSince} when no point waits. */
    private static final long NONE = Long.MIN_VALUE;
    /**
     * When the oldest point taken and not yet committed arrived ({@link System#nanoTime()}), or {@link #NONE}: unlike the
     * lag, it grows while this lane is stuck (a database outage), whatever the other lane does.
     */
    private volatile long waitingSince = NONE;
    /**
     * When the first point of each batch closed and not yet committed arrived (the one being written and any full ones
     * queued behind it), oldest first.
     */
    private final java.util.ArrayDeque<Long> closedSince = new java.util.ArrayDeque<>();
    /** When the first point of the open batch arrived. */
    private long openSince;
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    PointBatcher(Vertx vertx, PointBatchWriter writer, int maxBatch, long lingerMs, long retryMs, MeterRegistry metrics) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.lingerMs = lingerMs;
        this.retryMs = retryMs;
        this.metrics = metrics;
        this.batchSizes = DistributionSummary.builder("hearth.history.batch.size").description("points per committed batch")
                .register(metrics);
        this.commits = Timer.builder("hearth.history.commit").description("time to write and commit one batch")
                .publishPercentiles(0.5, 0.99).register(metrics);
    }

    /** How old the newest point of the last committed batch was when it was committed. */
    long lagMs() {
        return lagMs;
    }

    /** When the last batch was committed ({@link System#nanoTime()}; {@code Long.MIN_VALUE} before the first). */
    long lastCommitNanos() {
        return lastCommitNanos;
    }

    /** How long the oldest point taken and not yet committed has waited (0 when none waits). */
    long waitingMs() {
        long since = waitingSince;
        return since == NONE ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    /** Completes once the point is committed. */
    CompletableFuture<Void> add(Point point) {
        CompletableFuture<Void> stored = new CompletableFuture<>();
        if (open.isEmpty()) {
            openSince = System.nanoTime();
            if (closedSince.isEmpty()) {
                waitingSince = openSince;
            }
        }
        open.add(new Pending(point, stored));
        if (open.size() >= maxBatch) {
            close();
        } else if (lingerTimer < 0 && closedSince.isEmpty()) {
            lingerTimer = vertx.setTimer(lingerMs, id -> {
                lingerTimer = -1;
                close();
            });
        }
        return stored;
    }

    private void close() {
        if (lingerTimer >= 0) {
            vertx.cancelTimer(lingerTimer);
            lingerTimer = -1;
        }
        if (open.isEmpty()) {
            return;
        }
        List<Pending> batch = open;
        open = new ArrayList<>();
        closedSince.add(openSince);
        // After the one before, whether or not it was stored (one not stored at a stop must not keep this one from trying).
        tail = tail.exceptionally(notStored -> null).thenCompose(previous -> write(batch))
                .whenComplete((ok, failure) -> context.runOnContext(v -> written()));
    }

    /** On the batcher's event loop, after a batch is committed: what arrived meanwhile goes now. */
    private void written() {
        closedSince.poll();
        waitingSince = !closedSince.isEmpty() ? closedSince.peek() : open.isEmpty() ? NONE : openSince;
        if (closedSince.isEmpty() && !closing) {
            close();
        }
    }

    private CompletableFuture<Void> write(List<Pending> batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(batch, done);
        return done;
    }

    private void attempt(List<Pending> batch, CompletableFuture<Void> done) {
        long start = System.nanoTime();
        List<Point> points = batch.stream().map(Pending::point).toList();
        // A query that never answers (a half-dead connection) must not stall the intake for good: it fails, and the
        // batch is tried again (rows already stored are skipped).
        Uni<Integer> writing;
        try {
            writing = writer.write(points);
        } catch (RuntimeException e) { // a statement that cannot even be built: tried again like any failure, never a hang
            retryLater(batch, done, e);
            return;
        }
        writing.ifNoItem().after(WRITE_TIMEOUT).fail().subscribe().with(inserted -> {
            commits.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            batchSizes.record(points.size());
            metrics.counter("hearth.history.ingest.stored").increment(inserted);
            metrics.counter("hearth.history.ingest.duplicates").increment(points.size() - inserted);
            Instant newest = points.stream().map(Point::ts).max(Instant::compareTo).orElseThrow();
            lagMs = Math.max(0, Duration.between(newest, Instant.now()).toMillis());
            lastCommitNanos = System.nanoTime();
            if (failedAttempts > 0) {
                LOG.infof("Storing works again after %d failed attempts", failedAttempts);
                failedAttempts = 0;
            }
            batch.forEach(p -> p.stored().complete(null));
            done.complete(null);
        }, failure -> retryLater(batch, done, failure));
    }

    /**
     * At a stop: waits up to {@code timeout} for the batch being written, and retries nothing after; what is not
     * stored was not acknowledged, so the broker hands it over again at the next start.
     */
    void close(Duration timeout) {
        closing();
        try {
            tail.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.infof("Stopping with a batch not stored (%s); the broker keeps its messages for the next start", e.toString());
        }
    }

    /** From now on a failed write is not tried again (the service stops). */
    void closing() {
        closing = true;
    }

    /** Backs off from the retry delay up to 30 s, and says so once rather than at every attempt. */
    private void retryLater(List<Pending> batch, CompletableFuture<Void> done, Throwable failure) {
        if (closing) {
            LOG.debugf("Not stored before the stop (%s); the broker keeps these messages", failure.getMessage());
            done.completeExceptionally(failure);
            return;
        }
        metrics.counter("hearth.history.ingest.failures").increment();
        long delay = Math.min(30_000, Math.max(1, retryMs) << Math.min(failedAttempts, 10));
        if (failedAttempts == 0) {
            LOG.warnf("Could not store a batch of %d points (%s); holding it and the ones after it until the database is back",
                    batch.size(), failure.getMessage());
        } else {
            LOG.debugf("Still cannot store (attempt %s): %s; next try in %s ms", (Object) (failedAttempts + 1), failure.getMessage(), delay);
        }
        failedAttempts++;
        vertx.setTimer(delay, id -> attempt(batch, done));
    }
}
