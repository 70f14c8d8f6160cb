package dev.hearth.gateway.spool;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Readings the broker could not take, kept on disk in arrival order until they are delivered: an append-only file
 * of {@code topic TAB payload} lines and a file holding how far delivery got. It survives a gateway restart and is
 * bounded: past {@code maxBytes} the oldest readings are dropped (and counted), never the newest.
 *
 * <p>Plain Java and synchronized: the sampler appends, the replayer peeks and removes.
 */
public final class ReadingSpool {

    /** One spooled message; {@code bytes} is its length on disk, line end included. */
    public record Entry(String topic, String payload, int bytes) {
    }

    private final Path data;
    private final Path offsetFile;
    private final long maxBytes;
    private long readOffset;
    /** The data file's length, kept here so that the sampler's hot path asks the disk nothing. */
    private long length;
    private long dropped;

    public ReadingSpool(Path dir, long maxBytes) {
        try {
            Files.createDirectories(dir);
            this.data = dir.resolve("readings.spool");
            this.offsetFile = dir.resolve("readings.offset");
            this.maxBytes = maxBytes;
            if (!Files.exists(data)) {
                Files.createFile(data);
            }
            length = Files.size(data);
            readOffset = Files.exists(offsetFile) ? Long.parseLong(Files.readString(offsetFile).trim()) : 0;
            if (readOffset > length) {
                readOffset = 0; // a torn offset file: replaying twice is harmless, (series, ts) is the key downstream
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot open the reading spool in " + dir + ": " + e.getMessage(), e);
        }
    }

    public synchronized void append(String topic, String payload) {
        byte[] line = (topic + '\t' + payload.replace('\n', ' ') + '\n').getBytes(StandardCharsets.UTF_8);
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
            file.seek(length);
            file.write(line);
            length += line.length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        enforceBound();
    }

    /** The oldest {@code max} entries, still in the spool until {@link #remove} says they were delivered. */
    public synchronized List<Entry> peek(int max) {
        List<Entry> entries = new ArrayList<>();
        try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "r")) {
            file.seek(readOffset);
            while (entries.size() < max) {
                long start = file.getFilePointer();
                String raw = file.readLine();
                if (raw == null) {
                    break;
                }
                // RandomAccessFile reads bytes as Latin-1 characters; turn them back into UTF-8 text.
                String line = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                int tab = line.indexOf('\t');
                int bytes = (int) (file.getFilePointer() - start);
                if (tab > 0) {
                    entries.add(new Entry(line.substring(0, tab), line.substring(tab + 1), bytes));
                } else {
                    entries.add(new Entry(null, null, bytes)); // a torn last line from a crash: skipped on removal
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** Forgets the given oldest entries (as returned by {@link #peek}), which have been delivered. */
    public synchronized void remove(List<Entry> delivered) {
        long advance = delivered.stream().mapToLong(Entry::bytes).sum();
        try {
            readOffset += advance;
            if (readOffset >= length) {
                // All delivered: start afresh, so the file never grows without bound.
                try (RandomAccessFile file = new RandomAccessFile(data.toFile(), "rw")) {
                    file.setLength(0);
                }
                readOffset = 0;
                length = 0;
            }
            Path tmp = offsetFile.resolveSibling("readings.offset.tmp");
            Files.writeString(tmp, Long.toString(readOffset));
            Files.move(tmp, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized boolean isEmpty() {
        return pendingBytes() == 0;
    }

    public synchronized long pendingBytes() {
        return length - readOffset;
    }

    /** How many readings were dropped because the spool was full. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Over the bound: drop the oldest entries until a tenth of the room is free again. */
    private void enforceBound() {
        if (pendingBytes() <= maxBytes) {
            return;
        }
        List<Entry> oldest = new ArrayList<>();
        long toFree = pendingBytes() - maxBytes * 9 / 10;
        long freed = 0;
        for (Entry e : peek(Integer.MAX_VALUE)) {
            if (freed >= toFree) {
                break;
            }
            oldest.add(e);
            freed += e.bytes();
        }
        dropped += oldest.size();
        remove(oldest);
        compact();
    }

    /** Rewrites the file without its delivered or dropped head. */
    private void compact() {
        try {
            Path tmp = data.resolveSibling("readings.spool.tmp");
            try (RandomAccessFile in = new RandomAccessFile(data.toFile(), "r")) {
                in.seek(readOffset);
                byte[] rest = new byte[(int) (in.length() - readOffset)];
                in.readFully(rest);
                Files.write(tmp, rest);
            }
            Files.move(tmp, data, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            length -= readOffset;
            readOffset = 0;
            Files.writeString(offsetFile, "0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
