package dev.hearth.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import dev.hearth.local.stack.Ports;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Debian's headless Chromium driven through ChromeDriver's W3C WebDriver HTTP API, spoken directly: a handful of
 * calls is all the dashboard test needs, and no library downloads a browser of its own.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    private final Process driver;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String session;

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    HeadlessChromium() throws Exception {
        int port = Ports.free();
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        base = "http://127.0.0.1:" + port;
        try {
            session = startSession();
        } catch (Exception e) {
            driver.destroy();
            throw e;
        }
    }

    private String startSession() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                if (call("GET", "/status", null).getJsonObject("value").getBoolean("ready")) {
                    break;
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(100);
        }
        JsonObject options = new JsonObject().put("binary", CHROMIUM.toString()).put("args", new JsonArray(List.of(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=412,915")));
        JsonObject capabilities = new JsonObject().put("capabilities", new JsonObject().put("alwaysMatch",
                new JsonObject().put("browserName", "chrome").put("goog:chromeOptions", options)));
        return call("POST", "/session", capabilities).getJsonObject("value").getString("sessionId");
    }

    void open(String url) throws Exception {
        call("POST", "/session/" + session + "/url", new JsonObject().put("url", url));
    }

    /** The element's id, or null when no element matches the CSS selector. */
    String find(String css) throws Exception {
        JsonObject answer = call("POST", "/session/" + session + "/element",
                new JsonObject().put("using", "css selector").put("value", css));
        JsonObject value = answer.getJsonObject("value");
        return value == null || !value.containsKey(ELEMENT) ? null : value.getString(ELEMENT);
    }

    void type(String css, String text) throws Exception {
        String element = find(css);
        call("POST", "/session/" + session + "/element/" + element + "/clear", new JsonObject());
        call("POST", "/session/" + session + "/element/" + element + "/value", new JsonObject().put("text", text));
    }

    void click(String css) throws Exception {
        call("POST", "/session/" + session + "/element/" + find(css) + "/click", new JsonObject());
    }

    /** The visible text of the first element matching the selector, or null when none does. */
    String text(String css) throws Exception {
        String element = find(css);
        return element == null ? null : call("GET", "/session/" + session + "/element/" + element + "/text", null).getString("value");
    }

    /** Whether the first element matching the selector is shown on the page. */
    boolean displayed(String css) throws Exception {
        String element = find(css);
        return element != null && call("GET", "/session/" + session + "/element/" + element + "/displayed", null).getBoolean("value");
    }

    void screenshot(Path file) throws Exception {
        String png = call("GET", "/session/" + session + "/screenshot", null).getString("value");
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(png));
    }

    private JsonObject call(String method, String path, JsonObject body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonObject json = new JsonObject(response.body());
        if (response.statusCode() >= 400 && !"no such element".equals(json.getJsonObject("value", new JsonObject()).getString("error"))) {
            throw new IOException("WebDriver " + method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        if (response.statusCode() >= 400) {
            return new JsonObject().put("value", (Object) null);
        }
        return json;
    }

    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", "/session/" + session, null);
            }
        } catch (Exception e) {
            // the browser goes with its driver
        }
        driver.destroy();
    }
}
