package dev.hearth.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import java.util.List;
import java.util.Locale;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.Wait;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.hearth.contract.json.ContractWriter;
import dev.hearth.contract.payload.ActuatorKind;
import dev.hearth.contract.payload.Manifest;
import dev.hearth.contract.payload.Quantity;
import dev.hearth.local.stack.HearthStack;
import dev.hearth.local.stack.Ports;
import dev.hearth.contract.testing.ContractSchemas;
import dev.hearth.local.testing.TestMqttClient;
import dev.hearth.local.testing.TestWebSocketClient;
import io.vertx.core.json.JsonObject;

/**
 * The whole single box: broker, PostgreSQL and the four packaged services as separate processes. One simulated
 * reading is followed from the gateway into a PostgreSQL row and into a WebSocket client of web-edge.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SimulatedReadingE2ETest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static HearthStack stack;
    private static TestMqttClient mqtt;
    private static int httpPort;

    @BeforeAll
    static void startStack() {
        httpPort = Ports.free();
        Path data = E2e.root().resolve("e2e/target/simulated-reading-" + System.currentTimeMillis());
        stack = HearthStack.start(new HearthStack.Settings(E2e.root(), data, "home", httpPort, "127.0.0.1", Ports.free(), null,
                null, E2e.PASSWORD, "e2e-session-key-0123456789abcdef", Duration.ofSeconds(180)), System.out::println);
        mqtt = new TestMqttClient("127.0.0.1", stack.mqttPort()).subscribe("hearth/#");
    }

    @AfterAll
    static void stopStack() {
        if (mqtt != null) {
            mqtt.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void followsOneSimulatedReadingIntoPostgresAndOntoTheWebSocket() throws Exception {
        try (TestWebSocketClient ws = TestWebSocketClient.connect(URI.create("ws://127.0.0.1:" + httpPort + "/ws/live"), "admin",
                E2e.PASSWORD)) {
            ws.send("{\"op\":\"subscribe\",\"filters\":[\"sensors/living-temp\"]}");
            ws.await(f -> f.contains("\"snapshot\""), WAIT);
            // A reading the gateway takes after we subscribed: it must reach us as an update...
            String update = ws.await(f -> f.contains("\"update\"") && f.contains("living-temp"), WAIT);
            JsonObject reading = new JsonObject(update).getJsonObject("payload");
            ContractSchemas.assertConforms(ContractSchemas.READING, reading.encode());

            // ...and the very same reading (sensor, ts) must be a row in PostgreSQL.
            Instant ts = Instant.parse(reading.getString("ts"));
            await().atMost(WAIT).until(() -> storedValue("sensors/living-temp", ts) != null);
            assertThat(storedValue("sensors/living-temp", ts)).isEqualTo(reading.getDouble("value"));
        }
    }

    @Test
    @Order(2)
    void everyMessageOnTheBrokerFollowsTheContract() {
        String base = "hearth/home/";
        mqtt.awaitOn(base + "gateways/sim-1/manifest", WAIT);
        mqtt.await(m -> m.topic().equals(base + "actuators/living-heater/state") && m.payload().contains("loop:living-climate"), WAIT);
        mqtt.awaitOn(base + "actuators/living-heater/set", WAIT);
        mqtt.awaitOn(base + "loops/living-climate/status", WAIT);
        for (TestMqttClient.Received m : mqtt.received()) {
            String topic = m.topic().substring(base.length());
            if (topic.endsWith("/status") && topic.startsWith("gateways/")) {
                assertThat(m.payload()).isIn("online", "offline");
            } else if (topic.endsWith("/manifest")) {
                ContractSchemas.assertConforms(ContractSchemas.MANIFEST, m.payload());
            } else if (topic.startsWith("sensors/")) {
                ContractSchemas.assertConforms(ContractSchemas.READING, m.payload());
            } else if (topic.endsWith("/state")) {
                ContractSchemas.assertConforms(ContractSchemas.ACTUATOR_STATE, m.payload());
            } else if (topic.endsWith("/set")) {
                ContractSchemas.assertConforms(ContractSchemas.COMMAND, m.payload());
            } else if (topic.endsWith("/config")) {
                ContractSchemas.assertConforms(ContractSchemas.LOOP_CONFIG, m.payload());
            } else if (topic.startsWith("loops/") && topic.endsWith("/status")) {
                ContractSchemas.assertConforms(ContractSchemas.LOOP_STATUS, m.payload());
            } else {
                throw new AssertionError("a topic outside the contract: " + m.topic());
            }
        }
    }

    @Test
    @Order(2)
    void onAFreshDataDirectoryHistoryHasTheGatewaysReadingsFromItsFirst() throws Exception {
        // The gateway samples living-temp (every 5 s) from the moment it starts; the launcher starts it once
        // history-service is subscribed. Started together, history-service once missed the first 10 s of readings of a
        // fresh data directory, keeping only the retained one the broker handed it when it subscribed.
        Instant started = Instant.parse(new JsonObject(mqtt.awaitOn("hearth/home/gateways/sim-1/manifest", WAIT).payload())
                .getString("startedAt"));
        await().atMost(WAIT).until(() -> earliestStored("sensors/living-temp") != null);
        assertThat(earliestStored("sensors/living-temp")).isBefore(started.plusSeconds(3));
    }

    @Test
    @Order(3)
    void theRestApiAnswersFromLiveStateAndHistoryIsQueryable() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + E2e.PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> sensors = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/sensors"))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sensors.statusCode()).isEqualTo(200);
        assertThat(new io.vertx.core.json.JsonArray(sensors.body())).hasSize(8);

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/sensors"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        // History through web-edge, which passes history-service's answers on, problem details included.
        String historyUrl = "http://127.0.0.1:" + httpPort + "/api/history/sensors/living-temp";
        HttpResponse<String> history = http.send(HttpRequest.newBuilder(URI.create(historyUrl)).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(history.body()).getString("series")).isEqualTo("sensors/living-temp");
        assertThat(new JsonObject(history.body()).getJsonArray("points")).isNotEmpty();
        // The last day in 2-minute buckets from the 1-minute rollups, which the ingest keeps with every reading.
        assertThat(new JsonObject(history.body()).getString("tier")).isEqualTo("minute");
        assertThat(new JsonObject(history.body()).getJsonArray("points").getJsonObject(0).getDouble("avg")).isBetween(-40.0, 60.0);
        HttpResponse<String> csv = http.send(HttpRequest.newBuilder(URI.create(historyUrl + "?step=PT10S&agg=avg,count"))
                .header("Authorization", auth).header("Accept", "text/csv").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().lines().findFirst()).hasValue("t,avg,count");
        assertThat(csv.body().lines().skip(1).findFirst().orElse("")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z,[-0-9.E]+,\\d+");
        // A client that prefers CSV and takes JSON too gets CSV (it got JSON: only a header without JSON counted).
        HttpResponse<String> preferred = http.send(HttpRequest.newBuilder(URI.create(historyUrl + "?step=PT10S&agg=avg"))
                .header("Authorization", auth).header("Accept", "text/csv, application/json;q=0.1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preferred.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        HttpResponse<String> either = http.send(HttpRequest.newBuilder(URI.create(historyUrl + "?step=PT10S&agg=avg"))
                .header("Authorization", auth).header("Accept", "*/*").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(either.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(historyUrl + "?from=yesterday"))
                .header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        // history-service itself answers web-edge only (its service token), not a caller that goes around it.
        HttpResponse<String> direct = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.httpPort("history-service")
                + "/history/sensors/living-temp")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(bad.body()).getString("detail")).contains("'from'");

        // A loop changed through web-edge: control-service applies it and answers; web-edge answers with the new config.
        String loopUrl = "http://127.0.0.1:" + httpPort + "/api/loops/living-climate";
        HttpResponse<String> loop = http.send(HttpRequest.newBuilder(URI.create(loopUrl)).header("Authorization", auth).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(loop.statusCode()).isEqualTo(200);
        double setpoint = new JsonObject(loop.body()).getJsonObject("config").getDouble("setpoint") == 20.5 ? 20.0 : 20.5;
        HttpResponse<String> changed = http.send(HttpRequest.newBuilder(URI.create(loopUrl)).header("Authorization", auth)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"setpoint\":" + setpoint + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(new JsonObject(changed.body()).getJsonObject("config").getDouble("setpoint")).isEqualTo(setpoint);
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(loopUrl)).header("Authorization", auth)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString("{\"outputMin\":0.9,\"outputMax\":0.1}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(new JsonObject(refused.body()).getString("detail")).startsWith("control-service refused the change");
    }

    @Test
    @Order(4)
    void theDashboardLogsInAndShowsTheLiveValues() throws Exception {
        Assumptions.assumeTrue(DebianChromium.available(), "needs Debian's chromium and chromium-driver (.ci/run installs them)");
        ChromeDriver browser = DebianChromium.start();
        try {
            // The dashboard replaces its tiles on every message and every second: each poll finds its element anew, and
            // one replaced between finding and reading is polled again rather than failing the test.
            Wait<WebDriver> wait = new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
            By password = By.cssSelector("form#login input[name=j_password]");
            By logIn = By.cssSelector("form#login button");
            browser.get("http://127.0.0.1:" + httpPort + "/");
            // The form is in the page from the start but hidden until the page has asked for its session.
            wait.until(ExpectedConditions.visibilityOfElementLocated(password));
            type(browser, password, "not the password");
            browser.findElement(logIn).click();
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#login-error"), "Wrong user or password."));

            type(browser, password, E2e.PASSWORD);
            browser.findElement(logIn).click();
            wait.until(ExpectedConditions.textToBe(By.cssSelector("#connection"), "live"));
            assertThat(browser.findElement(By.cssSelector("form#login")).isDisplayed()).as("the login form hides once logged in")
                    .isFalse();
            assertThat(browser.findElement(By.cssSelector("#home")).isDisplayed()).isTrue();
            // The tile follows the readings: it shows the newest one the broker carried, as it changes.
            wait.until(b -> {
                String shown = b.findElement(By.cssSelector("[data-sensor=living-temp] .value")).getText();
                List<TestMqttClient.Received> readings = mqtt.received("hearth/home/sensors/living-temp");
                double latest = new JsonObject(readings.get(readings.size() - 1).payload()).getDouble("value");
                return String.format(Locale.ROOT, "%.1f °C", latest).equals(shown);
            });
            assertThat(shownNow(browser, By.cssSelector("[data-gateway=sim-1]"))).isEqualTo("sim-1: online");
            assertThat(shownNow(browser, By.cssSelector("[data-loop=living-climate] .name"))).contains("pid");
            assertThat(shownNow(browser, By.cssSelector("[data-actuator=living-heater] .meta"))).isNotBlank();

            // A tile opens its history: a chart of the means over a min-max band, from history-service through web-edge.
            wait.until(b -> { // the tiles are redrawn as readings arrive: click again if this one went stale
                b.findElement(By.cssSelector("[data-sensor=living-temp] .name")).click();
                return true;
            });
            wait.until(b -> b.findElement(By.cssSelector("#history-note")).getText().contains("time-weighted mean"));
            assertThat(shownNow(browser, By.cssSelector("#history-title"))).isEqualTo("Living room temperature: history");
            // Drawn by uPlot (a canvas), from the answer's buckets.
            assertThat(browser.findElements(By.cssSelector("#history-chart .uplot canvas"))).isNotEmpty();
            assertThat(Integer.parseInt(browser.findElement(By.cssSelector("#history-chart")).getDomAttribute("data-points"))).isPositive();
            browser.findElement(By.xpath("//div[@id='history-ranges']/button[text()='1 h']")).click();
            wait.until(b -> b.findElement(By.cssSelector("#history-note")).getText().contains("from the raw tier"));
            assertThat(browser.findElement(By.cssSelector("#history-ranges button.active")).getText()).isEqualTo("1 h");

            // An actuator's chart draws its value held until the next change, up to now: the lamp switched on shows on
            // (drawn as each bucket's mean, it showed the lamp off, the mean of the minute it was switched in).
            JavascriptExecutor page = (JavascriptExecutor) browser;
            wait.until(b -> page.executeScript("const s = document.querySelector('[data-actuator=living-lamp] input[type=range]');"
                    + " if (!s) return false; s.value = '1'; s.dispatchEvent(new Event('change', { bubbles: true })); return true;"));
            wait.until(b -> { // opened again until history-service has the new state
                b.findElement(By.cssSelector("[data-actuator=living-lamp] .name")).click();
                return "1".equals(b.findElement(By.cssSelector("#history-chart")).getDomAttribute("data-last"));
            });
            assertThat(shownNow(browser, By.cssSelector("#history-note"))).contains("held until the next");

            // Anyone who can publish on the broker can publish a manifest: its names reach the page as text, and run nothing.
            String hostileSensor = "<img src=x onerror=\"document.title='pwned'\">";
            String hostileActuator = "x');document.title='pwned';//<script>document.title='pwned'</script>";
            Manifest hostile = new Manifest("evil", "1", java.time.Instant.now(),
                    List.of(new Manifest.Sensor("evil-temp", hostileSensor, "evil", Quantity.TEMPERATURE, "<b>°C</b>", 5000)),
                    List.of(new Manifest.Actuator("evil-lamp", hostileActuator, "evil", ActuatorKind.RELAY, 0, 1, "", 0)));
            mqtt.publish("hearth/home/gateways/evil/manifest", ContractWriter.write(hostile), true);
            try {
                wait.until(b -> hostileSensor.equals(b.findElement(By.cssSelector("[data-sensor=evil-temp] .name")).getText()));
                assertThat(shownNow(browser, By.cssSelector("[data-actuator=evil-lamp] .name"))).isEqualTo(hostileActuator);
                assertThat(browser.findElements(By.cssSelector("#rooms img, #rooms script, #rooms b"))).isEmpty();
                // The slider of the hostile actuator still commands through the API, with no inline handler to inject into.
                assertThat(browser.findElements(By.cssSelector("#rooms [onchange], #rooms [onerror]"))).isEmpty();
                assertThat(browser.getTitle()).isEqualTo("Hearth");
            } finally {
                mqtt.publish("hearth/home/gateways/evil/manifest", "", true);
            }
            // The admin commands the heater from its tile: the command reaches the broker as the logged-in user's.
            try (TestMqttClient commands = new TestMqttClient("127.0.0.1", stack.mqttPort()).subscribe("hearth/home/actuators/living-heater/set")) {
                wait.until(b -> {
                    WebElement slider = b.findElement(By.cssSelector("[data-actuator=living-heater] input[type=range]"));
                    ((JavascriptExecutor) b).executeScript(
                            "arguments[0].value = '0.35'; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));", slider);
                    return true;
                });
                wait.until(b -> commands.received("hearth/home/actuators/living-heater/set").stream()
                        .anyMatch(m -> m.payload().contains("\"source\":\"user:admin\"") && m.payload().contains("\"value\":0.35")));
            }

            // A slider that has the focus keeps it, and the tiles go on updating meanwhile (they froze while it had it).
            // Found and focused in one script, read in one: the tiles are redrawn about once a second, and an element
            // held across two calls may be gone.
            JavascriptExecutor js = (JavascriptExecutor) browser;
            String ageBefore = (String) wait.until(b -> js.executeScript(
                    "const slider = document.querySelector('[data-actuator=living-lamp] input[type=range]');"
                            + " if (!slider) return null; slider.focus();"
                            + " return document.querySelector('[data-sensor=living-temp] .meta').textContent;"));
            wait.until(b -> !ageBefore.equals(js.executeScript("return document.querySelector('[data-sensor=living-temp] .meta').textContent;")));
            assertThat(js.executeScript("return document.activeElement.closest('[data-actuator]').dataset.actuator")).isEqualTo("living-lamp");

            // ...and changes the loop's setpoint: control-service confirms it, and the tile shows it.
            By setpointInput = By.cssSelector("[data-loop=living-climate] input.setpoint");
            // Loop tiles are redrawn with every status until one of their fields has the focus: focus the input first
            // (retried while a redraw makes it stale), then read and edit the same element.
            WebElement input = wait.until(b -> {
                WebElement field = b.findElement(setpointInput);
                field.click();
                return field.equals(b.switchTo().activeElement()) && field.getDomProperty("value") != null ? field : null;
            });
            double newSetpoint = Double.parseDouble(input.getDomProperty("value")) == 19.5 ? 20.0 : 19.5;
            // Typed over, not clear()ed: WebDriver's clear ends by taking the focus away, and the next status then
            // redraws the tile under the test's hands.
            input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Double.toString(newSetpoint));
            browser.findElement(By.cssSelector("[data-loop=living-climate] form.loop-edit button")).click();
            wait.until(b -> b.findElement(By.cssSelector("[data-loop=living-climate] .loop-result")).getText().startsWith("confirmed"));
            String expected = String.format(Locale.ROOT, "→ %.1f", newSetpoint);
            wait.until(b -> b.findElement(By.cssSelector("[data-loop=living-climate] .value")).getText().endsWith(expected));

            // ...and its mode, which the select sends by the contract's code: off, confirmed and shown, then manual (which
            // holds the loop's output: it was refused for want of one), then auto again.
            for (String mode : List.of("off", "manual", "auto")) {
                wait.until(b -> {
                    WebElement select = b.findElement(By.cssSelector("[data-loop=living-climate] select.mode"));
                    ((JavascriptExecutor) b).executeScript("arguments[0].value = arguments[1];"
                            + " arguments[0].dispatchEvent(new Event('change', { bubbles: true }));", select, mode);
                    return true;
                });
                wait.until(b -> b.findElement(By.cssSelector("[data-loop=living-climate] .name")).getText().endsWith("· " + mode));
            }

            Path screenshot = E2e.root().resolve("e2e/target/dashboard.png");
            Files.createDirectories(screenshot.getParent());
            Files.write(screenshot, browser.getScreenshotAs(OutputType.BYTES));

            // The session ends (here: its cookie is gone): the next request is refused and the dashboard shows the
            // login again instead of retrying, with no browser password prompt in the way.
            browser.manage().deleteCookieNamed("quarkus-credential");
            browser.findElement(By.xpath("//div[@id='history-ranges']/button[text()='24 h']")).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(password));
            assertThat(browser.findElement(By.cssSelector("#home")).isDisplayed()).isFalse();

            // An operator (not an admin) moves the fan's slider (no loop drives the fan): the gateway applies the
            // command, and the state it publishes comes back to the tile with the operator's name as its source.
            addUser("olive", "olive password 1", "operator");
            logIn(browser, wait, "olive", "olive password 1");
            wait.until(b -> {
                WebElement slider = b.findElement(By.cssSelector("[data-actuator=bathroom-fan] input[type=range]"));
                ((JavascriptExecutor) b).executeScript(
                        "arguments[0].value = '0.6'; arguments[0].dispatchEvent(new Event('change', { bubbles: true }));", slider);
                return true;
            });
            wait.until(b -> "60 %".equals(b.findElement(By.cssSelector("[data-actuator=bathroom-fan] .value")).getText())
                    && "command · user:olive".equals(b.findElement(By.cssSelector("[data-actuator=bathroom-fan] .meta")).getText()));
            browser.manage().deleteCookieNamed("quarkus-credential");
            browser.navigate().refresh();
            wait.until(ExpectedConditions.visibilityOfElementLocated(password));

            // A viewer sees the house but no control that would fail.
            addUser("guest", "guest password 1", "viewer");
            logIn(browser, wait, "guest", "guest password 1");
            wait.until(b -> !b.findElements(By.cssSelector("[data-loop=living-climate] .value")).isEmpty()
                    && !b.findElements(By.cssSelector("[data-actuator=living-heater] .value")).isEmpty());
            assertThat(browser.findElements(By.cssSelector("#rooms input, #loops input, #loops select"))).isEmpty();
        } finally {
            browser.quit();
        }
    }

    @Test
    @Order(5)
    void readingsTakenWhileHistoryIsDownAreStoredWhenItIsBack() throws Exception {
        stack.stop("history-service");
        Instant stoppedAt = Instant.now();
        // The gateway goes on sampling; the broker queues for history's persistent session. Readings sampled after the
        // stop (not merely received after it: one sampled just before may still be on its way).
        String topic = "hearth/home/sensors/living-temp";
        await().atMost(WAIT).until(() -> sampledAfter(topic, stoppedAt).size() >= 2);
        List<Instant> missed = sampledAfter(topic, stoppedAt).subList(0, 2);
        stack.restart("history-service");
        for (Instant ts : missed) {
            await().atMost(WAIT).until(() -> storedValue("sensors/living-temp", ts) != null);
        }
    }

    private List<Instant> sampledAfter(String topic, Instant t) {
        return mqtt.received(topic).stream().map(m -> Instant.parse(new JsonObject(m.payload()).getString("ts"))).filter(ts -> ts.isAfter(t))
                .toList();
    }

    @Test
    @Order(6)
    void aCleanStopFailsTheHeaterSafeAndSaysOfflineAndLeavesNoPortOpen() {
        int brokerPort = stack.mqttPort();
        stack.close();
        String base = "hearth/home/";
        TestMqttClient.Received shutdown = mqtt.await(m -> m.topic().equals(base + "actuators/living-heater/state")
                && m.payload().contains("\"shutdown\""), Duration.ofSeconds(5));
        assertThat(new JsonObject(shutdown.payload()).getDouble("value")).isZero();
        mqtt.await(m -> m.topic().equals(base + "gateways/sim-1/status") && m.payload().equals("offline"), Duration.ofSeconds(5));
        assertThat(E2e.listening(httpPort)).isFalse();
        assertThat(E2e.listening(brokerPort)).isFalse();
        stack = null;
    }

    /** Adds a user through the API as the admin (already there from an earlier run of the stack: fine). */
    private static void addUser(String name, String password, String role) throws Exception {
        HttpResponse<String> added = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/users"))
                .header("Authorization", E2e.basic("admin", E2e.PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(String.format("{\"name\":\"%s\",\"password\":\"%s\",\"role\":\"%s\"}", name,
                        password, role)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).as(added.body()).isIn(201, 409);
    }

    /** Logs in through the dashboard's form, shown at the time, and waits until the live stream runs. */
    private static void logIn(WebDriver browser, Wait<WebDriver> wait, String user, String password) {
        type(browser, By.cssSelector("form#login input[name=j_username]"), user);
        type(browser, By.cssSelector("form#login input[name=j_password]"), password);
        browser.findElement(By.cssSelector("form#login button")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#connection"), "live"));
    }

    private static void type(WebDriver browser, By field, String text) {
        WebElement input = browser.findElement(field);
        input.clear();
        input.sendKeys(text);
    }

    /**
     * The element's text as the page shows it now. The element found may be replaced by a re-render before its text is
     * read; then it is found again. A missing element still fails at once.
     */
    private static String shownNow(WebDriver browser, By locator) {
        return new FluentWait<>(browser).withTimeout(Duration.ofSeconds(5)).ignoring(StaleElementReferenceException.class)
                .until(b -> b.findElement(locator).getText());
    }

    private static Instant earliestStored(String series) throws Exception {
        try (Connection c = stack.database().connect();
                PreparedStatement q = c.prepareStatement("select min(ts) from series_point where series = ?")) {
            q.setString(1, series);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getTimestamp(1) != null ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    private static Double storedValue(String series, Instant ts) throws Exception {
        try (Connection c = stack.database().connect();
                PreparedStatement q = c.prepareStatement("select value from series_point where series = ? and ts = ?")) {
            q.setString(1, series);
            q.setTimestamp(2, Timestamp.from(ts));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getDouble(1) : null;
            }
        }
    }
}
