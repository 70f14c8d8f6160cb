package dev.hearth.local.stack;

/**
 * A service stand-in for {@link ClassDataArchiveTest}, run as {@code java -jar} like a Quarkus service (its helper on
 * the manifest's class path): says it is up, then waits for SIGTERM, or exits with status 1 by itself when
 * {@code HEARTH_PROBE=exit-1}.
 */
public final class CdsProbe {

    private CdsProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.print(new CdsProbeHelper().greeting() + "\n");
        System.out.flush();
        if ("exit-1".equals(System.getenv("HEARTH_PROBE"))) {
            System.exit(1);
        }
        Thread.sleep(120_000);
    }
}
