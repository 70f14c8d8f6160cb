package dev.hearth.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the checkout is, and small helpers the end-to-end tests share. */
final class E2e {

    static final String PASSWORD = "e2e-admin-password";

    private E2e() {
    }

    static Path root() {
        return Paths.get(System.getProperty("hearth.root", "..")).toAbsolutePath().normalize();
    }

    /** Closes what a test started, last first, skipping what never started; one that fails does not keep the rest open. */
    static void closeAll(AutoCloseable... started) throws Exception {
        Exception first = null;
        for (int i = started.length - 1; i >= 0; i--) {
            try {
                if (started[i] != null) {
                    started[i].close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
