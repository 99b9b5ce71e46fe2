package io.aigateway.allinone.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven by chromedriver (Debian's {@code chromium} and {@code chromium-driver} packages, or
 * the programs named by {@code CHROME_BIN} and {@code CHROMEDRIVER}), with a fake microphone that plays a WAV file.
 * Selenium Manager is never asked to download anything: both programs are given by path, so the tests run offline.
 */
final class Browser implements AutoCloseable {

    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

    final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** The browser and driver programs, when both are installed. */
    record Programs(Path browser, Path driver) {}

    static Optional<Programs> find() {
        Optional<Path> browser = fromEnv("CHROME_BIN")
                .or(() -> BROWSERS.stream()
                        .map(Browser::onPath)
                        .flatMap(Optional::stream)
                        .findFirst());
        Optional<Path> driver = fromEnv("CHROMEDRIVER").or(() -> onPath("chromedriver"));
        return browser.isPresent() && driver.isPresent()
                ? Optional.of(new Programs(browser.get(), driver.get()))
                : Optional.empty();
    }

    static final String MISSING = "Chromium and chromedriver are not installed (apt-get install chromium"
            + " chromium-driver, or set CHROME_BIN and CHROMEDRIVER): the web client's browser tests are skipped";

    /**
     * Starts a headless Chromium whose microphone plays {@code microphoneWav} once, then silence, and which saves
     * downloads to {@code downloads}.
     */
    static Browser start(Programs programs, Path microphoneWav, Path downloads) {
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption(
                "prefs",
                Map.of(
                        "download.default_directory",
                        downloads.toAbsolutePath().toString(),
                        "download.prompt_for_download",
                        false));
        options.setBinary(programs.browser().toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--window-size=1280,900",
                "--lang=en-US",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + microphoneWav.toAbsolutePath() + "%noloop");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(programs.driver().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** A screenshot of the page as it is, to docs/screenshots/{name}.png. */
    void screenshot(String name) {
        try {
            Path dir = screenshots();
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path screenshots() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        return (dir == null ? Path.of("target") : dir.resolve("docs")).resolve("screenshots");
    }

    WebDriver web() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static Optional<Path> fromEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Path path = Path.of(value);
        return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator))
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
