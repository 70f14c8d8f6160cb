package dev.hearth.local.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the single box's PostgreSQL comes from on this machine: the embedded binaries the build packaged for it
 * (zonky's, for Linux amd64 and arm64); where there are none (32-bit Raspberry Pi OS), the machine's own PostgreSQL
 * programs from its {@code postgresql} package, with which Hearth makes a cluster of its own; failing both, a message
 * saying what to install. {@code HEARTH_POSTGRES=system} takes the machine's programs even where embedded ones exist.
 */
public sealed interface PostgresBinaries {

    /** Debian's and Raspberry Pi OS's place for PostgreSQL's programs, one directory per major version. */
    Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");

    /** The zonky binaries on the class path, under {@code resource}. */
    record Embedded(String resource) implements PostgresBinaries {
    }

    /** The machine's own PostgreSQL {@code major}, from its packages: initdb, pg_ctl and postgres in {@code bin}. */
    record Installed(Path bin, int major) implements PostgresBinaries {

        /**
         * The installed PostgreSQL of the major that made the cluster in {@code dataDir}, where that one is installed
         * beside this one (an OS upgrade installs a newer major and keeps the old): a cluster runs only on its own major.
         */
        public Installed matching(Path dataDir) {
            Path version = dataDir == null ? null : dataDir.resolve("PG_VERSION");
            try {
                if (version == null || !Files.isRegularFile(version)) {
                    return this;
                }
                String made = Files.readString(version).strip();
                return all(bin.getParent().getParent()).stream().filter(i -> Integer.toString(i.major()).equals(made)).findFirst().orElse(this);
            } catch (IOException e) {
                return this;
            }
        }
    }

    /** Nothing that runs here; {@code message} says what to do. */
    record None(String message) implements PostgresBinaries {
    }

    /** Something that runs, or a StackException saying what to do instead. */
    default PostgresBinaries requireRunnable() {
        if (this instanceof None none) {
            throw new StackException("No PostgreSQL for this machine: " + none.message() + ".");
        }
        return this;
    }

    /** For this machine. */
    static PostgresBinaries find() {
        String wanted = System.getenv().getOrDefault("HEARTH_POSTGRES", "auto").strip().toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "", "auto" -> choose(Platform.current(), PostgresBinaries.class.getClassLoader(), DEBIAN_ROOT);
            case "system" -> system(DEBIAN_ROOT).map(PostgresBinaries.class::cast).orElseGet(() -> new None(
                    "HEARTH_POSTGRES=system, but no PostgreSQL is installed in " + DEBIAN_ROOT + ": `sudo apt install postgresql`"));
            default -> throw new StackException("HEARTH_POSTGRES is '" + wanted + "': it takes auto or system.");
        };
    }

    /** The choice, given the platform, the class path and where the machine's PostgreSQL programs would be. */
    static PostgresBinaries choose(Platform platform, ClassLoader classPath, Path systemRoot) {
        Optional<String> resource = platform.embeddedPostgresResource();
        if (resource.isPresent() && classPath.getResource(resource.get()) != null) {
            return new Embedded(resource.get());
        }
        if (resource.isPresent()) {
            return new None("this build packaged no embedded PostgreSQL for " + platform.describe() + " ("
                    + platform.embeddedPostgresArtifact().get() + "): build on this machine with `mvn -DskipTests package`");
        }
        return system(systemRoot).map(PostgresBinaries.class::cast).orElseGet(() -> new None("there is no embedded PostgreSQL for "
                + platform.describe() + ": install the system's own with `sudo apt install postgresql` and start again (Hearth"
                + " makes a database of its own in its data directory; the system's server is not needed and may stay"
                + " stopped), or give Hearth an existing one with HEARTH_DB_URL=postgresql://user:password@host:5432/database"));
    }

    /** The newest PostgreSQL installed under {@code root} ({@code <major>/bin/initdb}, pg_ctl and postgres), if any. */
    static Optional<Installed> system(Path root) {
        return all(root).stream().max(Comparator.comparingInt(Installed::major));
    }

    /** Every complete PostgreSQL installed under {@code root}. */
    static List<Installed> all(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> majors = Files.list(root)) {
            return majors.filter(d -> d.getFileName().toString().matches("\\d+"))
                    .filter(d -> Stream.of("initdb", "pg_ctl", "postgres").allMatch(p -> Files.isExecutable(d.resolve("bin").resolve(p))))
                    .map(d -> new Installed(d.resolve("bin"), Integer.parseInt(d.getFileName().toString()))).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
