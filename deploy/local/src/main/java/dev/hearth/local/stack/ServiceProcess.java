package dev.hearth.local.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One packaged Hearth service ({@code target/quarkus-app/quarkus-run.jar}) running as a child process, with its output
 * in a log file, a wait on its readiness check, and a graceful stop (SIGTERM first, so the service can fail safe).
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final Path SETSID = Paths.get("/usr/bin/setsid");

    private final String name;
    private final int httpPort;
    private final Process process;
    private final Path logFile;
    private final Optional<ClassDataArchive> classData;

    private ServiceProcess(String name, int httpPort, Process process, Path logFile, Optional<ClassDataArchive> classData) {
        this.name = name;
        this.httpPort = httpPort;
        this.process = process;
        this.logFile = logFile;
        this.classData = classData;
    }

    /** The runnable jar of a service module, as {@code mvn package} leaves it. */
    public static Path jarOf(Path root, String module) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    public static ServiceProcess start(String name, Path jar, int httpPort, Map<String, String> env, Path logFile) {
        if (!Files.isRegularFile(jar)) {
            throw new StackException("The " + name + " is not built (" + jar + " is missing): run `mvn -DskipTests package` first.");
        }
        Ports.requireFree(env.getOrDefault("QUARKUS_HTTP_HOST", "0.0.0.0"), httpPort, name + " HTTP server");
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            // A session of its own: Ctrl-C in the terminal reaches only the launcher, which then stops the services
            // before the broker and the database, instead of everything at once.
            command.add(SETSID.toString());
        }
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        // Small heaps: the single box should fit beside everything else on a Raspberry Pi with 1 GB. HEARTH_JAVA_OPTIONS
        // in the service's environment replaces these (measurements of other settings).
        String options = env.getOrDefault("HEARTH_JAVA_OPTIONS", "-Xmx160m -XX:+UseSerialGC");
        command.addAll(List.of(options.trim().split("\\s+")));
        Optional<ClassDataArchive> classData = ClassDataArchive.forJar(jar, options);
        classData.ifPresent(cds -> command.addAll(cds.jvmOptions()));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        builder.redirectErrorStream(true);
        try {
            Files.createDirectories(logFile.getParent());
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            return new ServiceProcess(name, httpPort, builder.start(), logFile, classData);
        } catch (IOException e) {
            throw new StackException("Cannot start the " + name + ": " + e.getMessage(), e);
        }
    }

    /** Waits until {@code /q/health/ready} answers 200, which means the service reached its broker and database. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StackException("The " + name + " exited with code " + process.exitValue() + " while starting. "
                        + "The end of its log (" + logFile + "):\n" + logTail(30));
            }
            try {
                HttpResponse<Void> response = HTTP.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("Interrupted while waiting for the " + name);
            }
            sleep(250);
        }
        throw new StackException("The " + name + " was not ready within " + timeout.toSeconds() + " s. The end of its log ("
                + logFile + "):\n" + logTail(30));
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The operating system's process id (for a benchmark that samples its memory and CPU). */
    public long pid() {
        return process.pid();
    }

    /** The exit code, or -1 while the process runs. */
    public int exitCode() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    public Path logFile() {
        return logFile;
    }

    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** kill -9: the process gets no chance to finish anything, as in a power cut or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
        settleClassData(false);
    }

    /**
     * SIGTERM, then a kill if the service has not stopped within 20 s (60 s when it writes its class-data archive at
     * this stop, which takes a few seconds more, and more on a Pi).
     */
    @Override
    public void close() {
        if (!process.isAlive()) {
            settleClassData(false);
            return;
        }
        process.destroy();
        boolean clean = false;
        try {
            clean = process.waitFor(writesClassData() ? 60 : 20, TimeUnit.SECONDS);
            // 143: the JVM's status after SIGTERM and its shutdown hooks; anything else, a crash on the way out.
            clean = clean && (process.exitValue() == 0 || process.exitValue() == 143);
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        settleClassData(clean);
    }

    /** Whether this run writes its class-data archive when it stops. */
    public boolean writesClassData() {
        return classData.map(ClassDataArchive::writes).orElse(false);
    }

    /** Only a run stopped as asked leaves its class-data archive for the next start (see {@link ClassDataArchive}). */
    private void settleClassData(boolean clean) {
        classData.ifPresent(cds -> cds.settle(clean));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
