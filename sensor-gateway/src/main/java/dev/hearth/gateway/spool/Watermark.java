package dev.hearth.gateway.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The spool's acknowledgement watermark on disk: two checksummed slots written in turn, in place, so that a write torn
 * by a power cut leaves the other slot (one advance older) to read. Written at every advance without forcing (it
 * survives a process crash in the page cache) and forced with the data.
 */
final class Watermark implements AutoCloseable {

    private static final int SLOT = 16;

    private final FileChannel file;
    private final ByteBuffer buffer = ByteBuffer.allocate(SLOT);
    private long writes;
    private boolean dirty;

    Watermark(Path path) throws IOException {
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** The highest valid slot's value; 0 for a new spool (everything in it is then sent again: nothing is lost). */
    long read() throws IOException {
        long best = 0;
        for (int slot = 0; slot < 2; slot++) {
            ByteBuffer b = ByteBuffer.allocate(SLOT);
            if (file.read(b, (long) slot * SLOT) == SLOT && checksum(b.getLong(0)) == b.getInt(8) && b.getLong(0) >= best) {
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
            file.write(buffer, (writes++ & 1) * SLOT);
            dirty = true;
        } catch (IOException e) {
            throw new UncheckedIOException("the spool's watermark cannot be written: " + e.getMessage(), e);
        }
    }

    void force() throws IOException {
        if (dirty) {
            file.force(false);
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
