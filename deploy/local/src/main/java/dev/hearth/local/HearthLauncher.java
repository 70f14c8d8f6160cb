package dev.hearth.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import dev.hearth.local.stack.HearthStack;
import dev.hearth.local.stack.ServiceSupervisor;
import dev.hearth.local.stack.StackException;

/**
 * {@code ./hearth run}: the single-box Hearth in the foreground until Ctrl-C or SIGTERM, which stop everything it
 * started. All settings come from {@code HEARTH_*} environment variables (see the README).
 */
public final class HearthLauncher {

    /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
    private static final Logger OSHI_LOG = Logger.getLogger("oshi");

    private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private HearthLauncher() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && !"run".equals(args[0])) {
            System.err.println("usage: hearth run");
            System.exit(2);
        }
        Map<String, String> env = System.getenv();
        try {
            run(env);
        } catch (StackException e) {
            System.err.println("hearth: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(Map<String, String> env) {
        Path root = Paths.get(env.getOrDefault("HEARTH_ROOT", ".")).toAbsolutePath().normalize();
        Path dataDir = Paths.get(env.getOrDefault("HEARTH_DATA_DIR", root.resolve(".hearth").toString())).toAbsolutePath();
        DataDirLock.acquire(dataDir);
        String home = env.getOrDefault("HEARTH_HOME", "home");
        if (!home.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new StackException("HEARTH_HOME must match [a-z0-9][a-z0-9-]{0,63} (got " + home + ")");
        }
        String password = env.get("HEARTH_ADMIN_PASSWORD");
        Path passwordFile = dataDir.resolve("admin-password");
        boolean generated = password == null || password.isBlank();
        if (generated) {
            password = secretFile(passwordFile, 20);
        } else if (password.length() < 10 || password.getBytes(StandardCharsets.UTF_8).length > 72) {
            throw new StackException("HEARTH_ADMIN_PASSWORD must be 10 characters or more, and at most 72 bytes (bcrypt reads no more)");
        }
        HearthStack.Settings settings = new HearthStack.Settings(root, dataDir, home,
                port(env, "HEARTH_HTTP_PORT", 8080),
                env.getOrDefault("HEARTH_MQTT_BIND", "127.0.0.1"),
                port(env, "HEARTH_MQTT_PORT", 1883),
                blankToNull(env.get("HEARTH_MQTT_URL")),
                blankToNull(env.get("HEARTH_DB_URL")),
                password,
                secretFile(dataDir.resolve("session.key"), 32),
                Duration.ofSeconds(Long.parseLong(env.getOrDefault("HEARTH_READY_TIMEOUT_SECONDS", "120"))),
                blankToNull(env.get("HEARTH_BROKER")));

        Path stackLog = logToFile(dataDir.resolve("logs").resolve("stack.log"));
        System.out.println("Starting Hearth (home \"" + home + "\", data in " + dataDir + ")");
        System.out.println("  broker and database log: " + stackLog);
        HearthStack stack = HearthStack.start(settings, line -> System.out.println("  " + line));
        ServiceSupervisor supervisor = new ServiceSupervisor(stack, HearthStack.services(), line -> System.out.println("hearth: " + line));

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping Hearth...");
            // Services first (the gateway fails safe while the broker still carries its last words), then the database
            // and the broker; nothing is restarted on the way down.
            supervisor.close();
            // Asked only now: during a restart the stack is locked until the supervisor has stopped it.
            if (stack.writesClassDataAtStop()) {
                // Seconds per service here, more on a Pi: without a word it looks like a hang.
                System.out.println("  (the first stop after a build takes longer: each service writes its class-data archive, which makes the next start faster)");
            }
            stack.close();
            System.out.println("Stopped.");
            stopped.countDown();
        }, "hearth-shutdown"));

        System.out.println();
        System.out.println("Hearth is running. Dashboard: " + stack.dashboardUrl());
        System.out.println("  Log in as admin with the password " + (generated
                ? "in " + passwordFile + " (made on the first run; set HEARTH_ADMIN_PASSWORD to choose one)"
                : "from HEARTH_ADMIN_PASSWORD"));
        System.out.println("  REST:  curl -u admin:<password> http://localhost:" + settings.httpPort() + "/api/sensors"
                + "  (or make a token: POST /api/tokens)");
        System.out.println("  MQTT:  mosquitto_sub -p " + stack.mqttPort() + " -t 'hearth/#' -v");
        System.out.println("Press Ctrl-C to stop.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The embedded broker and database log through java.util.logging; their chatter goes to a file so that the
     * terminal shows only what a person needs.
     */
    private static Path logToFile(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Logger root = LogManager.getLogManager().getLogger("");
            for (Handler h : root.getHandlers()) {
                root.removeHandler(h);
            }
            FileHandler handler = new FileHandler(file.toString(), true);
            handler.setFormatter(new SimpleFormatter());
            root.addHandler(handler);
            root.setLevel(Level.INFO);
            // HiveMQ's system probe wants JNA for CPU details; without it, it logs a harmless SEVERE line.
            OSHI_LOG.setLevel(Level.OFF);
            return file;
        } catch (IOException e) {
            throw new StackException("Cannot write the log " + file + ": " + e.getMessage(), e);
        }
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StackException(name + " must be a port number from 1 to 65535 (got " + value + ")");
        }
    }

    /**
     * A secret kept in the data directory, readable by its owner only: made on the first run, read on the next ones,
     * never printed (a service manager would keep the terminal's output in its journal).
     */
    private static String secretFile(Path file, int length) {
        try {
            if (Files.isRegularFile(file)) {
                String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (secret.length() >= length) {
                    return secret;
                }
                // Cut short (a crash while writing it): make a new one.
            }
            Files.createDirectories(file.getParent());
            String secret = randomString(length);
            // Written aside, owner-only from the start, then moved into place: never a partial or readable file.
            Path partial = file.resolveSibling(file.getFileName() + ".partial");
            Files.deleteIfExists(partial);
            try {
                Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                // not a POSIX file system; the data directory's own permissions apply
                Files.createFile(partial);
            }
            Files.writeString(partial, secret, StandardCharsets.UTF_8);
            Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return secret;
        } catch (IOException e) {
            throw new StackException("Cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String randomString(int length) {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return sb.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
