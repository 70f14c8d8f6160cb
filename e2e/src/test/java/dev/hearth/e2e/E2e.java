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

    /** An HTTP Basic {@code Authorization} header value. */
    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** One client for every scrape: a client per call leaves a connection and a selector thread behind each time. */
    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(java.time.Duration.ofSeconds(5)).build();

    /**
     * The sum of a service's Prometheus samples whose line passes {@code line} (one metric, or some of its labels);
     * with {@code auth} for web-edge, whose metrics are for its admin like the rest of its API.
     */
    static double metricSum(String baseUrl, String auth, java.util.function.Predicate<String> line) throws Exception {
        return sum(metrics(baseUrl, auth), line);
    }

    /** The sum of the samples of one scrape ({@link #metrics}) whose line passes {@code line}. */
    static double sum(java.util.List<String> metrics, java.util.function.Predicate<String> line) {
        return dev.hearth.local.testing.PrometheusText.sum(metrics.stream(), line);
    }

    /** One scrape of a service's {@code /q/metrics}, as lines. */
    static java.util.List<String> metrics(String baseUrl, String auth) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/q/metrics"))
                .timeout(java.time.Duration.ofSeconds(10));
        if (auth != null) {
            request.header("Authorization", auth);
        }
        java.net.http.HttpResponse<String> response = HTTP.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(baseUrl + "/q/metrics answered " + response.statusCode());
        }
        return response.body().lines().toList();
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
