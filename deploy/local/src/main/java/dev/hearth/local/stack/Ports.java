package dev.hearth.local.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Port helpers: a clear message for a taken port beats a bind stack trace from deep inside a library. */
public final class Ports {

    private Ports() {
    }

    /** Every port {@link #free()} has handed out in this process. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    /**
     * A port that was free a moment ago and that this process has not been given before, for tests and for the
     * services' internal HTTP ports. The operating system may offer the same port again as soon as the probe closes
     * it: two calls in a row once gave a test's broker and web-edge the same one (CI, 2026-11-28).
     */
    public static int free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new StackException("No free TCP port on the loopback interface: " + e.getMessage(), e);
            }
        }
        throw new StackException("No TCP port on the loopback interface that this process was not given before");
    }

    /** Fails with a message that names the port and the setting that chose it when something already listens there. */
    public static void requireFree(String host, int port, String purpose) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StackException("Port " + port + " on " + host + " is already in use, so the " + purpose
                    + " cannot start there. Stop whatever listens on it, or choose another port.");
        }
    }
}
