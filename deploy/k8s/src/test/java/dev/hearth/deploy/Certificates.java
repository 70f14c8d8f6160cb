package dev.hearth.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A test CA and a server certificate for 127.0.0.1, made with Debian's openssl. */
final class Certificates {

    private Certificates() {
    }

    /** A self-signed CA: {@code name.crt} and {@code name.key} in {@code dir}; returns the certificate. */
    static Path authority(Path dir, String name) throws Exception {
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=" + name,
                "-keyout", name + ".key", "-out", name + ".crt");
        return dir.resolve(name + ".crt");
    }

    /** {@code name.crt}/{@code name.key} for 127.0.0.1 and localhost, signed by the CA {@code ca}. */
    static void server(Path dir, String name, String ca) throws Exception {
        server(dir, name, ca, "IP:127.0.0.1,DNS:localhost");
    }

    /** The same for the names {@code altNames} ({@code subjectAltName} syntax). */
    static void server(Path dir, String name, String ca, String altNames) throws Exception {
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + name, "-keyout", name + ".key",
                "-out", name + ".csr");
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + altNames + "\n");
        run(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
                "-days", "2", "-extfile", name + ".ext", "-out", name + ".crt");
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as(String.join(" ", command) + ": " + output).isTrue();
    }
}
