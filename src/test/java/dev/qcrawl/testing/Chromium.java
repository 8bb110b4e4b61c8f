package dev.qcrawl.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless Chromium driven through its chromium-driver with Selenium, both given by path so that
 * Selenium Manager never looks for (or downloads) a browser or a driver. Each instance has a fresh profile and
 * records the browser's console and network events.
 */
public final class Chromium implements AutoCloseable {
    public static final File BROWSER = new File("/usr/bin/chromium");
    public static final File DRIVER = new File("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final Path profile;

    /** Whether the browser and its driver are installed (Debian's {@code chromium} and {@code chromium-driver}). */
    public static boolean installed() {
        return BROWSER.canExecute() && DRIVER.canExecute();
    }

    public Chromium(int width, int height) throws IOException {
        profile = Files.createTempDirectory("qcrawl-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Opens a page and waits (on the page's own signal, no polling from here) until it says it is drawn. */
    public void openAndWait(String url) {
        driver.manage().logs().get(LogType.BROWSER); // what came before (another page, the first tab) is dropped
        driver.manage().logs().get(LogType.PERFORMANCE);
        driver.get(url);
        driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + "(function check() { if (document.documentElement.dataset.ready === 'true') { done(true); }"
                + " else { requestAnimationFrame(check); } })();");
    }

    /** The console messages since the last call, at SEVERE level (errors, uncaught exceptions, CSP violations). */
    public List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    /** The URLs of every request the browser sent since the last call (DevTools' Network.requestWillBeSent). */
    @SuppressWarnings("unchecked")
    public List<String> requests() {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
            Map<String, Object> message = (Map<String, Object>) ((Map<String, Object>) new org.openqa.selenium.json.Json()
                    .toType(entry.getMessage(), Map.class)).get("message");
            if ("Network.requestWillBeSent".equals(message.get("method"))) {
                Map<String, Object> params = (Map<String, Object>) message.get("params");
                urls.add((String) ((Map<String, Object>) params.get("request")).get("url"));
            }
        }
        return urls;
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
