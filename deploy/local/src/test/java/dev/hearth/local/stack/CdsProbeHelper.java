package dev.hearth.local.stack;

/** In a jar of its own on {@link CdsProbe}'s manifest class path, as a Quarkus service's {@code lib/boot}. */
public final class CdsProbeHelper {

    public String greeting() {
        return "up";
    }
}
