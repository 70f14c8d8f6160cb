package dev.hearth.local.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port helpers: a clear message for a taken port beats a bind stack trace from deep inside a library. */
public final class Ports {

    private Ports() {
    }

    /** A port that was free a moment ago, for tests and for the services' internal HTTP ports. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new StackException("No free TCP port on the loopback interface: " + e.getMessage(), e);
        }
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
