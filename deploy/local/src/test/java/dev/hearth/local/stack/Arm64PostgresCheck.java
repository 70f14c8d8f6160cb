package dev.hearth.local.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Not a test (deploy/local/arm64-check runs it, outside mvn verify): starts the single box's PostgreSQL from the arm64
 * binaries a Raspberry Pi build packages, through the same EmbeddedDatabase code, on this machine under qemu's
 * user-mode emulation, and runs what history-service's schema needs (a partitioned table) against it.
 */
public final class Arm64PostgresCheck {

    private Arm64PostgresCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("hearth-arm64-postgres");
        long started = System.nanoTime();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(0, dir.resolve("postgres"),
                new PostgresBinaries.Embedded("postgres-linux-arm_64.txz"));
                Connection c = db.connect(); Statement s = c.createStatement()) {
            System.out.printf("started in %.1f s under emulation%n", (System.nanoTime() - started) / 1e9);
            try (ResultSet rs = s.executeQuery("select version()")) {
                rs.next();
                System.out.println("version(): " + rs.getString(1));
            }
            s.execute("create table reading (series text not null, ts timestamptz not null, value double precision)"
                    + " partition by range (ts)");
            s.execute("create table reading_2026 partition of reading for values from ('2026-01-01') to ('2027-01-01')");
            s.execute("insert into reading select 'living-temp', '2026-11-27'::timestamptz + g * interval '1 second', g"
                    + " from generate_series(1, 1000) g");
            try (ResultSet rs = s.executeQuery("select count(*), avg(value) from reading")) {
                rs.next();
                System.out.println("partitioned insert and query: " + rs.getLong(1) + " rows, avg " + rs.getDouble(2));
            }
        }
        System.out.println("OK: the arm64 embedded PostgreSQL started, stored and answered, and stopped");
    }
}
