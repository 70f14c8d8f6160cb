package dev.hearth.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** Names the machine a run was measured on: figures without it mean nothing. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return "Machine: " + cpu() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + memory() + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch") + ", Java "
                + System.getProperty("java.version");
    }

    private static String cpu() {
        return first("/proc/cpuinfo", "model name").orElse("unknown CPU");
    }

    private static String memory() {
        return first("/proc/meminfo", "MemTotal").map(m -> Long.parseLong(m.replaceAll("\\D", "")) / 1024 / 1024 + " GiB")
                .orElse("unknown memory");
    }

    private static java.util.Optional<String> first(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }
}
