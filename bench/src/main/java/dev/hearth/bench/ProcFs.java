package dev.hearth.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Memory of processes from Linux's /proc: RSS (what `top` shows) and PSS (shared pages split among their users). */
final class ProcFs {

    private ProcFs() {
    }

    static long rssKb(long pid) {
        return field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
    }

    /** Proportional set size; shared libraries and PostgreSQL's shared buffers are split among the processes using them. */
    static long pssKb(long pid) {
        return field(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
    }

    /** The processes whose parent is {@code pid}. */
    static List<Long> children(long pid) {
        return all().stream().filter(p -> parent(p) == pid).toList();
    }

    private static List<Long> all() {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).map(Long::parseLong).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    private static long parent(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long field(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key)).map(l -> l.replaceAll("\\D", ""))
                    .mapToLong(Long::parseLong).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }
}
