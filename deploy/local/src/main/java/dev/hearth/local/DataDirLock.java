package dev.hearth.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.hearth.local.stack.StackException;

/**
 * One {@code hearth run} per data directory. A second one would take the first's broker and database for left-overs
 * of a crashed run and stop them under it; instead it stops at once and says why. The lock is the operating system's
 * (released when the process ends, however it ends), so a crash leaves nothing to clean up; the file only names the
 * holder's pid.
 */
final class DataDirLock {

    static final String FILE = "hearth.lock";

    /** Held until this process ends. */
    private static FileLock held;

    private DataDirLock() {
    }

    static synchronized void acquire(Path dataDir) {
        if (held != null) {
            // Not by opening the file again: closing any descriptor of it would release this process's lock.
            throw new IllegalStateException("this process already holds " + held.channel());
        }
        Path file = dataDir.resolve(FILE);
        try {
            Files.createDirectories(dataDir);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
                throw new StackException("Hearth is already running with its data in " + dataDir
                        + (holder.isEmpty() ? "" : " (pid " + holder + ")")
                        + ": stop that one first, or give this one a data directory of its own (HEARTH_DATA_DIR)");
            }
            try {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            held = lock;
        } catch (IOException e) {
            throw new StackException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }
}
