package dev.hearth.gateway.spool;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The spool's acknowledgement watermark on disk: two checksummed slots written in turn, in place, so that a write torn
 * by a power cut leaves the other slot (one advance older) to read. Written at every advance without forcing (it
 * survives a process crash in the page cache) and forced with the data.
 */
final class Watermark implements AutoCloseable {

    private static final int SLOT = 16;

    /** Not a FileChannel: an interrupted writer would close a channel for good (see ReadingSpool). */
    private final RandomAccessFile file;
    private final ByteBuffer buffer = ByteBuffer.allocate(SLOT);
    private long writes;
    private boolean dirty;

    Watermark(Path path) throws IOException {
        this.file = new RandomAccessFile(path.toFile(), "rw");
    }

    /** The highest valid slot's value; 0 for a new spool (everything in it is then sent again: nothing is lost). */
    long read() throws IOException {
        long best = 0;
        for (int slot = 0; slot < 2; slot++) {
            ByteBuffer b = ByteBuffer.allocate(SLOT);
            file.seek((long) slot * SLOT);
            int read = file.read(b.array());
            if (read == SLOT && checksum(b.getLong(0)) == b.getInt(8) && b.getLong(0) >= best) {
                best = b.getLong(0);
                writes = slot + 1L; // the next write goes to the other slot
            }
        }
        return best;
    }

    void write(long value) {
        buffer.clear();
        buffer.putLong(value).putInt(checksum(value)).putInt(0).flip();
        try {
            file.seek((writes++ & 1) * SLOT);
            file.write(buffer.array());
            dirty = true;
        } catch (IOException e) {
            throw new UncheckedIOException("the spool's watermark cannot be written: " + e.getMessage(), e);
        }
    }

    void force() throws IOException {
        if (dirty) {
            file.getFD().sync();
            dirty = false;
        }
    }

    private static int checksum(long value) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(value).flip());
        return (int) crc.getValue();
    }

    @Override
    public void close() throws IOException {
        force();
        file.close();
    }
}
