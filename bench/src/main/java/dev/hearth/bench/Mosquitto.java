package dev.hearth.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.hearth.local.stack.Ports;

/** Debian's {@code mosquitto}, with a plain MQTT listener and a WebSocket one, as the baseline of the same run. */
final class Mosquitto implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    final int mqttPort = Ports.free();
    final int wsPort = Ports.free();
    private final Process process;

    Mosquitto() throws IOException, InterruptedException {
        Path conf = Files.createTempFile("hearth-bench-mosquitto", ".conf");
        Files.writeString(conf, """
                per_listener_settings false
                allow_anonymous true
                max_queued_messages 150000
                listener %d 127.0.0.1
                listener %d 127.0.0.1
                protocol websockets
                """.formatted(mqttPort, wsPort));
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        for (int i = 0; i < 100 && !(listening(mqttPort) && listening(wsPort)); i++) {
            Thread.sleep(100);
        }
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(5, TimeUnit.SECONDS);
    }
}
