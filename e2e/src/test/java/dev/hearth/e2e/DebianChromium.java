package dev.hearth.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium under Selenium, through Debian's ChromeDriver. Both are given by path, so Selenium Manager
 * never runs: nothing looks for, or downloads, a driver or a browser of its own.
 */
final class DebianChromium {

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");

    private DebianChromium() {
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** A new browser; {@link ChromeDriver#quit()} ends it and its driver. */
    static ChromeDriver start() throws IOException {
        // A profile of its own, so nothing carries over from an earlier run; under target/ so a clean build removes it.
        Path target = Files.createDirectories(E2e.root().resolve("e2e/target"));
        Path profile = Files.createTempDirectory(target, "chromium-profile-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        // --no-sandbox: CI runs as root, where Chromium's sandbox does not start. The --disable-* flags keep it off
        // the network beyond the dashboard on the loopback: updates, sync and QUIC would reach for hosts that are not
        // there. --disable-dev-shm-usage: a small /dev/shm would crash the renderer.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=412,915", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
