package dev.hearth.local.stack;

/** A program for {@link ClassDataArchiveTest}: exits at once ({@code exit}), or says it is up and waits ({@code wait}). */
public final class CdsProbe {

    private CdsProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.print("up\n");
        System.out.flush();
        if (args.length > 0 && args[0].equals("wait")) {
            Thread.sleep(60_000);
        }
    }
}
