package dev.hearth.gateway.spool;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import org.jboss.logging.Logger;

/**
 * Every reading the gateway takes, on disk in the order taken, until the broker has acknowledged it (PUBACK). A
 * write-ahead log in segment files: a reading is appended before it is sent, acknowledgements move a watermark, and
 * a segment whose readings are all acknowledged is deleted whole, so trimming costs nothing per reading and nothing
 * is ever rewritten. After a broker outage, a gateway crash (kill -9) or a power cut, sending resumes at the oldest
 * reading not acknowledged.
 *
 * <p>On disk: {@code <first index>.seg} files of records {@code [length][CRC32C][topic TAB payload]}, and
 * {@code acked}, two checksummed slots holding the watermark (written in place at every advance, forced with the
 * data), so that a torn write leaves the other slot. A torn record at the tail (a crash mid-append) is cut off at
 * open; a record that fails its checksum further back (storage that lost unforced data) ends that segment and what
 * it held is counted as dropped.
 *
 * <p>Bounded by size and age: past either, whole oldest segments are dropped and their unacknowledged readings
 * counted. Memory holds only the segment list and the acknowledgements that arrived ahead of the watermark.
 *
 * <p>Thread-safe: the sampler appends, the sender reads and acknowledges, a timer forces.
 */
public final class ReadingSpool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReadingSpool.class);

    /** One reading as spooled: its position in the log, its topic and its payload. */
    public record Entry(long index, String topic, String payload) {
    }

    private static final int HEADER = 8;
    private static final int MAX_RECORD = 1 << 20;
    private static final String SUFFIX = ".seg";

    private final Path dir;
    private final long maxBytes;
    private final long segmentBytes;
    private final Duration maxAge;
    private final boolean forceEveryAppend;
    /**
     * A segment (or the watermark file) was created since the directory was last synced. Its data forced is not enough:
     * until the directory's entry is on disk, a power cut can take the whole file, readings and all.
     */
    private boolean directoryDirty = true;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();

    private final Deque<Segment> segments = new ArrayDeque<>();
    private final Watermark watermarkFile;
    /** Every index below this is acknowledged (or dropped). */
    private long watermark;
    /** Acknowledgements at or above the watermark, bit {@code i} for index {@code watermark + i}. */
    private BitSet ackedAhead = new BitSet();
    /**
     * The segment being appended to. A RandomAccessFile rather than a FileChannel: a channel is closed for good when a
     * thread writing to it is interrupted (a stopping executor), and with it the whole spool.
     */
    private RandomAccessFile active;
    private long totalBytes;
    private long dropped;
    private boolean dirty;
    /** Where the sender reads next: an index and its place on disk, so that reading on is not a scan. */
    private long cursorIndex = -1;
    private long cursorSegment = -1;
    private long cursorOffset;

    private static final class Segment {
        final Path path;
        final long first;
        long count;
        long bytes;
        long lastAppendMillis;

        Segment(Path path, long first) {
            this.path = path;
            this.first = first;
        }

        long end() {
            return first + count;
        }
    }

    public ReadingSpool(Path dir, long maxBytes, Duration maxAge, Duration fsyncEvery) {
        this(dir, maxBytes, maxAge, fsyncEvery, Clock.systemUTC());
    }

    ReadingSpool(Path dir, long maxBytes, Duration maxAge, Duration fsyncEvery, Clock clock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        // Sixteen segments per bound: dropping one when full loses a sixteenth, and a segment is never tiny or huge.
        this.segmentBytes = Math.max(4096, Math.min(8L << 20, maxBytes / 16));
        this.maxAge = maxAge;
        this.forceEveryAppend = fsyncEvery.isZero();
        this.clock = clock;
        if (maxBytes < 64 * 1024) {
            throw new IllegalArgumentException("the reading spool needs at least 64 KB (hearth.gateway.spool.max-bytes), not " + maxBytes);
        }
        try {
            Files.createDirectories(dir);
            watermarkFile = new Watermark(dir.resolve("acked"));
            open(watermarkFile.read());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot open the reading spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    private void open(long acked) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            Segment segment = new Segment(file, Long.parseLong(name.substring(0, name.length() - SUFFIX.length())));
            segment.bytes = Files.size(file);
            segment.lastAppendMillis = Files.getLastModifiedTime(file).toMillis();
            if (!segments.isEmpty()) {
                segments.peekLast().count = segment.first - segments.peekLast().first;
            }
            segments.add(segment);
        }
        if (segments.isEmpty()) {
            Segment first = new Segment(dir.resolve(name(acked)), acked);
            first.lastAppendMillis = clock.millis();
            segments.add(first);
        } else {
            recoverTail(segments.peekLast());
        }
        Segment last = segments.peekLast();
        if (acked > last.end()) {
            // The watermark reached the disk and the last readings did not (a power cut inside the fsync interval):
            // everything below the watermark was acknowledged, so go on from there rather than reuse its indices.
            for (Segment gone : segments) {
                Files.deleteIfExists(gone.path);
            }
            segments.clear();
            last = new Segment(dir.resolve(name(acked)), acked);
            last.lastAppendMillis = clock.millis();
            segments.add(last);
        }
        active = new RandomAccessFile(last.path.toFile(), "rw");
        active.seek(last.bytes);
        totalBytes = segments.stream().mapToLong(s -> s.bytes).sum();
        watermark = Math.max(acked, segments.peekFirst().first);
        deleteAcknowledgedSegments();
    }

    /** Counts the records of the last segment and cuts off a torn one at its end. */
    private void recoverTail(Segment last) throws IOException {
        try (FileChannel in = FileChannel.open(last.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long offset = 0;
            long count = 0;
            while (true) {
                Record r = readRecord(in, offset);
                if (r == null) {
                    break;
                }
                offset += r.size;
                count++;
            }
            if (offset < in.size()) {
                in.truncate(offset);
                in.force(true);
            }
            last.count = count;
            last.bytes = offset;
        }
    }

    /** Appends a reading; it stays until {@link #acknowledge} is called for its index (or it is dropped). */
    public long append(String topic, String payload) {
        byte[] body = (topic + '\t' + payload).getBytes(StandardCharsets.UTF_8);
        if (body.length > Math.min(MAX_RECORD, maxBytes / 4)) {
            // Bigger, and the bound would drop the very segment that holds it.
            throw new IllegalArgumentException("a reading of " + body.length + " bytes is too large for the spool");
        }
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer record = ByteBuffer.allocate(HEADER + body.length);
        record.putInt(body.length).putInt((int) crc.getValue()).put(body).flip();
        lock.lock();
        try {
            Segment last = segments.peekLast();
            if (last.bytes > 0 && last.bytes + record.remaining() > segmentBytes) {
                last = roll();
            }
            try {
                active.write(record.array());
            } catch (IOException e) {
                // A partial record (disk full, I/O error) must not stay in front of the next ones.
                active.setLength(last.bytes);
                active.seek(last.bytes);
                throw e;
            }
            if (forceEveryAppend) {
                active.getFD().sync();
                syncDirectoryIfDirty();
            } else {
                dirty = true;
            }
            long index = last.end();
            last.count++;
            last.bytes += HEADER + body.length;
            last.lastAppendMillis = clock.millis();
            totalBytes += HEADER + body.length;
            enforceBounds();
            appended.signalAll();
            return index;
        } catch (IOException e) {
            throw new UncheckedIOException("the reading spool cannot be written: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code max} readings from {@code from} on that are not yet acknowledged, in order; waits up to
     * {@code wait} for one to be appended when there is none.
     */
    public List<Entry> read(long from, int max, Duration wait) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            long start = Math.max(from, watermark);
            while (start >= segments.peekLast().end()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                appended.awaitNanos(left);
                start = Math.max(from, watermark);
            }
            return readLocked(start, max);
        } finally {
            lock.unlock();
        }
    }

    private List<Entry> readLocked(long start, int max) {
        List<Entry> entries = new ArrayList<>();
        List<Long> lost = new ArrayList<>();
        long index = start;
        for (Segment segment : segments) {
            if (index >= segment.end() || entries.size() >= max) {
                continue;
            }
            try (FileChannel in = FileChannel.open(segment.path, StandardOpenOption.READ)) {
                long offset = index == segment.first ? 0
                        : index == cursorIndex && cursorSegment == segment.first ? cursorOffset : seek(in, segment, index);
                while (index < segment.end() && entries.size() < max) {
                    Record r = readRecord(in, offset);
                    if (r == null) {
                        // Unforced data lost in a power cut: what the segment held from here on is gone.
                        for (long i = index; i < segment.end(); i++) {
                            lost.add(i);
                        }
                        index = segment.end();
                        break;
                    }
                    if (!isAcknowledged(index)) {
                        String text = new String(r.body, StandardCharsets.UTF_8);
                        int tab = text.indexOf('\t');
                        entries.add(new Entry(index, text.substring(0, tab), text.substring(tab + 1)));
                    }
                    offset += r.size;
                    index++;
                }
                cursorIndex = index;
                cursorSegment = segment.first;
                cursorOffset = offset;
            } catch (IOException e) {
                throw new UncheckedIOException("the reading spool cannot be read: " + e.getMessage(), e);
            }
        }
        for (long i : lost) {
            if (!isAcknowledged(i)) {
                dropped++;
                acknowledge(i);
            }
        }
        return entries;
    }

    /** Finds an index's record in its segment by walking the lengths: once per reconnect, never per reading. */
    private long seek(FileChannel in, Segment segment, long index) throws IOException {
        long offset = 0;
        ByteBuffer length = ByteBuffer.allocate(4);
        for (long i = segment.first; i < index; i++) {
            length.clear();
            if (in.read(length, offset) < 4) {
                break;
            }
            int bytes = length.getInt(0);
            if (bytes < 0 || bytes > MAX_RECORD) {
                break; // a damaged length: reading from here finds the damage and counts what it held as lost
            }
            offset += HEADER + bytes;
        }
        return offset;
    }

    /** The broker has the reading at {@code index}: forget it (its segment goes once all of it is acknowledged). */
    public void acknowledge(long index) {
        lock.lock();
        try {
            if (index < watermark || index >= segments.peekLast().end()) {
                return;
            }
            ackedAhead.set((int) (index - watermark));
            advance(0);
        } finally {
            lock.unlock();
        }
    }

    private boolean isAcknowledged(long index) {
        return index < watermark || ackedAhead.get((int) (index - watermark));
    }

    /** Forces appended readings and the watermark to the device, and drops readings past the age bound. */
    public void force() {
        lock.lock();
        try {
            if (dirty) {
                active.getFD().sync();
                dirty = false;
            }
            watermarkFile.force();
            syncDirectoryIfDirty();
            long oldest = clock.millis() - maxAge.toMillis();
            while (segments.size() > 1 && segments.peekFirst().lastAppendMillis < oldest) {
                dropOldestSegment();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the reading spool cannot be forced to disk: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The oldest reading not yet acknowledged (the next to send after a lost connection). */
    public long oldestUnacknowledged() {
        lock.lock();
        try {
            return watermark;
        } finally {
            lock.unlock();
        }
    }

    /** Readings taken and not yet acknowledged by the broker. */
    public long pending() {
        lock.lock();
        try {
            return segments.peekLast().end() - watermark - ackedAhead.cardinality();
        } finally {
            lock.unlock();
        }
    }

    public boolean isEmpty() {
        return pending() == 0;
    }

    /** The bytes the spool takes on disk. */
    public long bytes() {
        lock.lock();
        try {
            return totalBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Readings dropped unacknowledged: the spool was full, they were too old, or storage lost them. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    private Segment roll() throws IOException {
        active.getFD().sync(); // a sealed segment is whole on disk: only the active one can have a torn tail
        active.close();
        dirty = false;
        Segment next = new Segment(dir.resolve(name(segments.peekLast().end())), segments.peekLast().end());
        next.lastAppendMillis = clock.millis();
        segments.add(next);
        active = new RandomAccessFile(next.path.toFile(), "rw");
        directoryDirty = true;
        return next;
    }

    private void syncDirectoryIfDirty() {
        if (directoryDirty) {
            try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
                channel.force(true);
            } catch (IOException e) {
                // A file system that cannot open or sync a directory (not Linux's): the segments' data is forced all the
                // same, and the readings must go on being kept.
                LOG.debugf("The spool's directory %s cannot be synced: %s", dir, e.getMessage());
            }
            directoryDirty = false;
        }
    }

    private void enforceBounds() throws IOException {
        while (totalBytes > maxBytes) {
            if (segments.size() == 1) {
                roll(); // the newest readings are never the ones dropped
            }
            dropOldestSegment();
        }
    }

    private void dropOldestSegment() throws IOException {
        Segment oldest = segments.peekFirst();
        for (long i = Math.max(watermark, oldest.first); i < oldest.end(); i++) {
            if (!isAcknowledged(i)) {
                dropped++;
            }
        }
        advance(Math.max(0, oldest.end() - watermark));
        deleteAcknowledgedSegments();
    }

    /**
     * Moves the watermark by {@code at least} (readings dropped) and then over every acknowledgement that has become
     * contiguous with it; writes it when it moved.
     */
    private void advance(long atLeast) {
        int step = (int) Math.max(atLeast, 0);
        while (ackedAhead.get(step)) {
            step++;
        }
        if (step > 0) {
            watermark += step;
            ackedAhead = ackedAhead.get(step, Math.max(step, ackedAhead.length()));
            watermarkFile.write(watermark);
            deleteAcknowledgedSegments();
        }
    }

    private void deleteAcknowledgedSegments() {
        while (segments.size() > 1 && segments.peekFirst().end() <= watermark) {
            Segment gone = segments.removeFirst();
            totalBytes -= gone.bytes;
            try {
                Files.deleteIfExists(gone.path);
            } catch (IOException e) {
                throw new UncheckedIOException("the reading spool cannot delete " + gone.path + ": " + e.getMessage(), e);
            }
        }
    }

    private static String name(long first) {
        return String.format("%020d%s", first, SUFFIX);
    }

    private record Record(byte[] body, int size) {
    }

    /** The record at {@code offset}, or null at the end or where it is torn or fails its checksum. */
    private static Record readRecord(FileChannel in, long offset) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        if (in.read(header, offset) < HEADER) {
            return null;
        }
        int length = header.getInt(0);
        if (length < 0 || length > MAX_RECORD) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        while (body.hasRemaining()) {
            if (in.read(body, offset + HEADER + body.position()) <= 0) {
                return null;
            }
        }
        CRC32C crc = new CRC32C();
        crc.update(body.array());
        return (int) crc.getValue() == header.getInt(4) ? new Record(body.array(), HEADER + length) : null;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            force();
            active.close();
            watermarkFile.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }
}
