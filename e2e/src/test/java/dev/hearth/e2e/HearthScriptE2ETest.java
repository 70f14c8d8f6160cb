package dev.hearth.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code hearth} script's build check: a changed source is built once, and the next run starts without building
 * again. Maven leaves the launcher's jar untouched when only a service changed, which used to leave that change looking
 * stale forever, so every {@code ./hearth run} built again (half a minute here, minutes on a Pi). Maven is replaced by
 * a stand-in that only records being called; the launcher then stops at once on a taken port.
 */
class HearthScriptE2ETest {

    @TempDir
    Path dir;

    @Test
    void aChangedSourceIsBuiltOnceNotAtEveryRun() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("mvn-calls");
        Path mvn = Files.writeString(bin.resolve("mvn"), "#!/bin/sh\necho called >> '" + calls + "'\necho '[INFO] BUILD SUCCESS'\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));

        // A service's source, changed after the last build (its content stays as it is).
        Path source = E2e.root().resolve("control-service/src/main/resources/application.properties");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now()));

        try (ServerSocket taken = new ServerSocket(0)) {
            String first = run(bin, taken.getLocalPort());
            assertThat(first).contains("Building Hearth (changed: control-service/").contains("Built in");
            String second = run(bin, taken.getLocalPort());
            assertThat(second).as("the second run").doesNotContain("Building Hearth").contains("is already in use");
        }
        assertThat(Files.readAllLines(calls)).as("Maven called once").hasSize(1);
    }

    private String run(Path bin, int takenPort) throws Exception {
        ProcessBuilder hearth = new ProcessBuilder("bash", E2e.root().resolve("hearth").toString(), "run").redirectErrorStream(true);
        hearth.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        hearth.environment().put("HEARTH_HTTP_PORT", Integer.toString(takenPort));
        hearth.environment().put("HEARTH_DATA_DIR", dir.resolve("data").toString());
        Process p = hearth.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
