package dev.hearth.local.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The whole single-box Hearth: a broker and a database (embedded unless URLs of existing ones are given) and the four
 * services as separate processes. {@code ./hearth run} and the end-to-end tests start it the same way.
 */
public final class HearthStack implements AutoCloseable {

    /**
     * Start order, the gateway last and only once history-service is ready (see start); the stop order is the reverse,
     * so the gateway fails safe first, while the broker, history and the loops still run.
     */
    private static final List<String> SERVICES = List.of("history-service", "control-service", "web-edge", "sensor-gateway");

    /**
     * C1 only, small code cache, stacks and metaspace, a heap that gives back what it does not use, one event loop: for
     * services whose work is light (measured: bench/footprint, 112 → 101 MB for the gateway, 106 → 97 for control).
     */
    private static final String LIGHT = "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=24m -Xss512k"
            + " -XX:MaxMetaspaceSize=96m -XX:CICompilerCount=1 -Xms8m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
            + " -Dquarkus.vertx.event-loops-pool-size=1";
    /**
     * C2 kept where throughput is the point (history's ingest and queries, web-edge's fan-out and bcrypt), and heaps
     * that keep their size: a small young generation (-Xms16m -Xmn12m and a heap shrinking to its live set) took 13 MB
     * off each at steady state but made a year's chart slower (bench/history, same broker and archives: hourly buckets
     * p50 29.7 → 74.1 ms, the automatic step's p95 20.7 → 82.4 ms): every 800 KB answer churned through it.
     */
    private static final String BUSY = "-XX:+UseSerialGC -XX:ReservedCodeCacheSize=32m -Xss512k -XX:MaxMetaspaceSize=128m";
    /**
     * Each service's JVM on the single box, sized for a Raspberry Pi: the heaps hold no backlog (readings wait in the
     * broker or the gateway's spool, not in a heap). Measured by {@code bench/footprint} and {@code bench/gateway}.
     */
    private static final Map<String, String> JAVA_OPTIONS = Map.of(
            "sensor-gateway", "-Xmx48m " + LIGHT,
            "control-service", "-Xmx40m " + LIGHT,
            "history-service", "-Xmx96m " + BUSY,
            "web-edge", "-Xmx64m " + BUSY);

    private final Settings settings;
    private final List<AutoCloseable> started = new ArrayList<>();
    private final Map<String, ServiceProcess> services = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    /** What web-edge shows history-service (and nothing else can): new every run, never written anywhere. */
    private final String serviceToken = newToken();
    private EmbeddedBroker broker;
    private MosquittoBroker mosquitto;
    private EmbeddedDatabase database;
    private ConnectionUrls.Endpoint mqtt;
    private ConnectionUrls.Endpoint db;

    /**
     * What a run is made of.
     *
     * @param root          the checkout, where each service's {@code target/quarkus-app} is
     * @param mqttUrl       an existing broker to use, or {@code null} for the embedded one
     * @param dbUrl         an existing PostgreSQL to use, or {@code null} for the embedded one
     * @param sessionKey    the key that encrypts dashboard login cookies, or {@code null} for one per run
     * @param readyTimeout  how long each service may take to become ready
     */
    public record Settings(Path root, Path dataDir, String home, int httpPort, String mqttBindHost, int mqttPort,
            String mqttUrl, String dbUrl, String adminPassword, String sessionKey, Duration readyTimeout, String broker) {

        /** With the embedded broker (tests: the same broker on every machine). */
        public Settings(Path root, Path dataDir, String home, int httpPort, String mqttBindHost, int mqttPort, String mqttUrl,
                String dbUrl, String adminPassword, String sessionKey, Duration readyTimeout) {
            this(root, dataDir, home, httpPort, mqttBindHost, mqttPort, mqttUrl, dbUrl, adminPassword, sessionKey, readyTimeout,
                    "embedded");
        }
    }

    private HearthStack(Settings settings) {
        this.settings = settings;
    }

    /** Starts everything and waits until every service is ready; on any failure, stops what started and throws. */
    public static HearthStack start(Settings settings, Consumer<String> progress) {
        HearthStack stack = new HearthStack(settings);
        try {
            stack.startAll(progress);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Consumer<String> progress) {
        // Check every fixed port before starting anything, so a clash is reported at once and nothing is left behind.
        Ports.requireFree("0.0.0.0", settings.httpPort(), "dashboard and API (HEARTH_HTTP_PORT)");
        // Said before anything starts, rather than after the broker.
        PostgresBinaries postgres = settings.dbUrl() == null ? PostgresBinaries.find() : null;
        if (postgres != null) {
            postgres.requireRunnable();
        }
        boolean embeddedHasData = java.nio.file.Files.isDirectory(settings.dataDir().resolve("broker"))
                && !java.nio.file.Files.isDirectory(settings.dataDir().resolve("mosquitto"));
        BrokerChoice choice = settings.mqttUrl() == null
                ? BrokerChoice.choose(settings.broker(), Platform.current(), MosquittoBroker.installed(), embeddedHasData)
                : null;
        if (choice == BrokerChoice.EMBEDDED) {
            Ports.requireFree(settings.mqttBindHost(), settings.mqttPort(), "embedded MQTT broker (HEARTH_MQTT_PORT)");
        }

        if (choice == BrokerChoice.EMBEDDED) {
            broker = track(EmbeddedBroker.start(settings.mqttBindHost(), settings.mqttPort(), settings.dataDir().resolve("broker")));
            mqtt = new ConnectionUrls.Endpoint("127.0.0.1", broker.port(), null, null, null);
            progress.accept("MQTT broker      " + broker.url() + " (embedded" + (embeddedHasData && MosquittoBroker.available()
                    && !"embedded".equals(settings.broker()) ? "; it holds this data directory's messages, so mosquitto is not"
                    + " taken: HEARTH_BROKER=mosquitto switches, leaving them behind" : "") + ")");
        } else if (choice == BrokerChoice.MOSQUITTO) {
            mosquitto = track(MosquittoBroker.start(settings.dataDir().resolve("mosquitto"), settings.mqttBindHost(),
                    settings.mqttPort()));
            mqtt = new ConnectionUrls.Endpoint("127.0.0.1", mosquitto.port(), null, null, null);
            progress.accept("MQTT broker      " + mosquitto.url() + " (mosquitto, found at " + mosquitto.binary()
                    + "; HEARTH_BROKER=embedded for the embedded one)");
        } else {
            mqtt = ConnectionUrls.mqtt(settings.mqttUrl());
            progress.accept("MQTT broker      mqtt://" + mqtt.host() + ":" + mqtt.port() + " (HEARTH_MQTT_URL)");
        }
        if (settings.dbUrl() == null) {
            progress.accept("PostgreSQL       starting (embedded, data in " + settings.dataDir().resolve("postgres") + ")");
            database = track(EmbeddedDatabase.start(0, settings.dataDir().resolve("postgres"), postgres));
            db = new ConnectionUrls.Endpoint("127.0.0.1", database.port(), EmbeddedDatabase.USER, null, EmbeddedDatabase.DATABASE);
        } else {
            db = ConnectionUrls.postgres(settings.dbUrl());
        }
        progress.accept("PostgreSQL       postgresql://" + db.host() + ":" + db.port() + "/" + db.database());

        for (String service : SERVICES) {
            ports.put(service, "web-edge".equals(service) ? settings.httpPort() : Ports.free());
        }
        // The gateway last, once history-service is ready: on a fresh data directory the broker holds no session of
        // history-service yet, and what the gateway published before it subscribed would be lost to history (all but
        // each sensor's retained latest reading). Later runs find its persistent session, which queues for it anyway.
        for (String service : SERVICES) {
            if (!"sensor-gateway".equals(service)) {
                services.put(service, track(launch(service)));
            }
        }
        services.get("history-service").awaitReady(settings.readyTimeout());
        services.put("sensor-gateway", track(launch("sensor-gateway")));
        for (String service : SERVICES) {
            ServiceProcess process = services.get(service);
            process.awaitReady(settings.readyTimeout());
            progress.accept(String.format("%-16s %s ready (log: %s)", service, process.baseUrl(), process.logFile()));
        }
    }

    private ServiceProcess launch(String service) {
        Map<String, String> env = commonEnv();
        env.putAll(serviceEnv(service));
        return ServiceProcess.start(service, ServiceProcess.jarOf(settings.root(), service), ports.get(service), env,
                settings.dataDir().resolve("logs").resolve(service + ".log"));
    }

    /**
     * Starts one more instance of a service beside the stack's (scale-out): the same settings as the stack gives that
     * service, then {@code overrides}, on a port of its own. Stopped with the stack; the caller waits for it to be ready.
     */
    public synchronized ServiceProcess startAnother(String service, String instance, Map<String, String> overrides) {
        Map<String, String> env = commonEnv();
        env.putAll(serviceEnv(service));
        env.putAll(overrides);
        return track(ServiceProcess.start(service + "-" + instance, ServiceProcess.jarOf(settings.root(), service), Ports.free(), env,
                settings.dataDir().resolve("logs").resolve(service + "-" + instance + ".log")));
    }

    /** Stops one service, as a crash or an upgrade would; {@link #restart} brings it back on the same port. */
    public synchronized void stop(String service) {
        services.get(service).close();
    }

    /** Starts a stopped service again with the same settings and waits until it is ready. */
    public synchronized void restart(String service) {
        ServiceProcess old = services.get(service);
        old.close();
        ServiceProcess fresh = launch(service);
        started.set(started.indexOf(old), fresh);
        services.put(service, fresh);
        fresh.awaitReady(settings.readyTimeout());
    }

    private Map<String, String> commonEnv() {
        Map<String, String> env = new HashMap<>();
        env.put("HEARTH_HOME", settings.home());
        env.put("HEARTH_MQTT_HOST", mqtt.host());
        env.put("HEARTH_MQTT_PORT", Integer.toString(mqtt.port()));
        putIfSet(env, "HEARTH_MQTT_USERNAME", mqtt.username());
        putIfSet(env, "HEARTH_MQTT_PASSWORD", mqtt.password());
        return env;
    }

    private Map<String, String> serviceEnv(String service) {
        Map<String, String> env = new HashMap<>();
        // Only web-edge faces people; the others listen on loopback (their APIs are for web-edge and for probes).
        env.put("QUARKUS_HTTP_HOST", "web-edge".equals(service) ? "0.0.0.0" : "127.0.0.1");
        env.put("HEARTH_JAVA_OPTIONS", javaOptions(service));
        // glibc gives each thread that allocates an arena of its own; a JVM's dozens of threads make that tens of MB of
        // resident memory for nothing. Two are plenty for these services.
        env.put("MALLOC_ARENA_MAX", "2");
        switch (service) {
            case "history-service" -> {
                putDatabase(env);
                env.put("HEARTH_HISTORY_SERVICE_TOKEN", serviceToken);
            }
            case "sensor-gateway" -> {
                env.put("HEARTH_GATEWAY_SPOOL_DIR", settings.dataDir().resolve("spool").toString());
                // A Pi's own sensors and actuators (sensor-gateway/examples/raspberry-pi.properties), for the gateway only.
                String hardware = System.getenv("HEARTH_GATEWAY_HARDWARE");
                if (hardware != null && !hardware.isBlank()) {
                    env.put("QUARKUS_CONFIG_LOCATIONS", Path.of(hardware.trim()).toAbsolutePath().toUri().toString());
                }
            }
            case "control-service" -> env.put("HEARTH_CONTROL_DATA_DIR", settings.dataDir().resolve("control").toString());
            case "web-edge" -> {
                // Users and tokens, in web-edge's own schema of the same database.
                putDatabase(env);
                env.put("HEARTH_ADMIN_PASSWORD", settings.adminPassword());
                env.put("HEARTH_HISTORY_URL", "http://127.0.0.1:" + ports.get("history-service"));
                env.put("HEARTH_HISTORY_SERVICE_TOKEN", serviceToken);
                putIfSet(env, "HEARTH_SESSION_KEY", settings.sessionKey());
            }
            default -> {
            }
        }
        return env;
    }

    private void putDatabase(Map<String, String> env) {
        String hostPort = db.host() + ":" + db.port() + "/" + db.database();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://" + hostPort);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://" + hostPort);
        putIfSet(env, "QUARKUS_DATASOURCE_USERNAME", db.username());
        putIfSet(env, "QUARKUS_DATASOURCE_PASSWORD", db.password());
    }

    private static void putIfSet(Map<String, String> env, String key, String value) {
        if (value != null && !value.isEmpty()) {
            env.put(key, value);
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }

    public ServiceProcess service(String name) {
        return services.get(name);
    }

    /**
     * The JVM options the single box gives a service (HEARTH_JAVA_OPTIONS of its process);
     * {@code HEARTH_JAVA_OPTIONS_<SERVICE>} (e.g. HEARTH_JAVA_OPTIONS_WEB_EDGE) replaces them.
     */
    public static String javaOptions(String service) {
        String own = System.getenv("HEARTH_JAVA_OPTIONS_" + service.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        return own != null && !own.isBlank() ? own : JAVA_OPTIONS.get(service);
    }

    /** The services, in start order. */
    public static List<String> services() {
        return SERVICES;
    }

    /** The embedded broker, or {@code null} when mosquitto or an existing one is used. */
    public EmbeddedBroker broker() {
        return broker;
    }

    /**
     * Messages the stack's broker dropped since it started (a client's queue full), when the broker is the stack's own
     * (embedded or mosquitto); empty for a broker of HEARTH_MQTT_URL, or a mosquitto whose $SYS cannot be read.
     */
    public OptionalLong droppedMessages() {
        if (broker != null) {
            return OptionalLong.of(broker.droppedMessages());
        }
        return mosquitto != null ? mosquitto.droppedMessages() : OptionalLong.empty();
    }

    /** Which broker the stack runs on, for people and benchmarks. */
    public String brokerName() {
        if (broker != null) {
            return "embedded HiveMQ CE";
        }
        return mosquitto != null ? "mosquitto" : "the broker of HEARTH_MQTT_URL";
    }

    /** The embedded database, or {@code null} when an existing one is used. */
    public EmbeddedDatabase database() {
        return database;
    }

    /** The HTTP port a service of the stack listens on (loopback, but web-edge). */
    public int httpPort(String service) {
        return ports.get(service);
    }

    /** The token web-edge sends history-service this run (for a bench or a test that queries history-service itself). */
    public String historyServiceToken() {
        return serviceToken;
    }

    public int mqttPort() {
        return mqtt.port();
    }

    public String dashboardUrl() {
        return "http://localhost:" + settings.httpPort() + "/";
    }

    /** Whether a service writes its class-data archive at this stop (the first after a build), which takes longer. */
    public synchronized boolean writesClassDataAtStop() {
        return services.values().stream().anyMatch(ServiceProcess::writesClassData);
    }

    /** Stops the services in reverse start order, then the database and the broker. Safe to call twice. */
    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("hearth: while stopping: " + e.getMessage());
            }
        }
        started.clear();
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
