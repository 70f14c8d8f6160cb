package dev.hearth.local.stack;

import java.util.Optional;

/**
 * Where the single box's PostgreSQL comes from on this machine: the embedded binaries the build packaged for it
 * (zonky's, for Linux amd64 and arm64), or, where there are none (32-bit Raspberry Pi OS), a message saying what to
 * install and how to point Hearth at it.
 */
public sealed interface PostgresBinaries {

    /** The zonky binaries on the class path, under {@code resource}. */
    record Embedded(String resource) implements PostgresBinaries {
    }

    /** Nothing that runs here; {@code message} says what to do. */
    record None(String message) implements PostgresBinaries {
    }

    /** The embedded binaries, or a StackException saying what to do instead. */
    default Embedded requireEmbedded() {
        if (this instanceof None none) {
            throw new StackException("No PostgreSQL for this machine: " + none.message() + ".");
        }
        return (Embedded) this;
    }

    /** For this machine. */
    static PostgresBinaries find() {
        return choose(Platform.current(), PostgresBinaries.class.getClassLoader());
    }

    /** The choice, given the platform and the class path. */
    static PostgresBinaries choose(Platform platform, ClassLoader classPath) {
        Optional<String> resource = platform.embeddedPostgresResource();
        if (resource.isPresent() && classPath.getResource(resource.get()) != null) {
            return new Embedded(resource.get());
        }
        String why = resource.isPresent()
                ? "this build packaged no embedded PostgreSQL for " + platform.describe() + " (" + platform.embeddedPostgresArtifact().get()
                        + "): build on this machine with `mvn -DskipTests package`"
                : "there is no embedded PostgreSQL for " + platform.describe() + ". Install PostgreSQL from the system's"
                        + " packages and give Hearth a database of its own: `sudo apt install postgresql`, then"
                        + " `sudo -u postgres createuser -P hearth` (choose a password) and `sudo -u postgres createdb -O hearth hearth`,"
                        + " and start with HEARTH_DB_URL=postgresql://hearth:<password>@localhost:5432/hearth ./hearth run";
        return new None(why);
    }
}
