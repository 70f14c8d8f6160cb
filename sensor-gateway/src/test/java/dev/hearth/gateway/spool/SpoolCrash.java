package dev.hearth.gateway.spool;

import java.nio.file.Path;
import java.time.Duration;

/** A gateway's spool dying mid-work: appends, acknowledges some, and halts the JVM without closing anything. */
public final class SpoolCrash {

    private SpoolCrash() {
    }

    public static void main(String[] args) {
        ReadingSpool spool = new ReadingSpool(Path.of(args[0]), 1 << 20, Duration.ofDays(30), Duration.ofSeconds(1));
        for (int i = 0; i < 100; i++) {
            spool.append("t", "{\"seq\":" + i + "}");
        }
        for (int i = 0; i < 60; i++) {
            spool.acknowledge(i);
        }
        Runtime.getRuntime().halt(9); // no shutdown hooks, no close, no force: a kill -9
    }
}
