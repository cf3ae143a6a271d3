package io.rockwal.tests.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rockwal.core.Operation;
import io.rockwal.events.PoTSBlockEvent;
import io.rockwal.events.ReconciliationEvent;
import io.rockwal.rocks.RocksEventLog;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code rockwal serve} in a real browser: Debian's headless Chromium through chromedriver, against the
 * built tool serving a demo store that a node (this JVM) holds open and goes on writing. The overview
 * draws its chart, a click on a type and then on an entry shows the entry's decoded JSON, markup in a
 * field shows as text, and the live page shows an entry written after it loaded. Screenshots go to
 * {@code target/serve-*.png}. Skipped, with a line saying why, where Chromium or chromedriver is
 * missing ({@code .ci/run} installs both).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MARKUP = "<script>alert('rockwal')</script><img src=x onerror=alert(2)>";

    @TempDir
    static Path root;

    private static Process server;
    private static RocksEventLog node;
    private static WebDriver browser;
    private static URI base;
    private static long markupLsn;

    @BeforeAll
    static void serveADemoStore() throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no " + CHROMIUM + " or " + CHROMEDRIVER + ": apt-get install chromium chromium-driver (.ci/run does)");
        ToolProcess.requireJar();
        Path store = root.resolve("store");
        ToolProcess demo = ToolProcess.run("demo", "--dir", store.toString());
        assertThat(demo.status()).as(demo.err()).isZero();
        node = RocksEventLog.open(store, 0);
        markupLsn = node.write(new PoTSBlockEvent(
                Operation.APPEND,
                900_000,
                ("{\"note\":\"" + MARKUP.replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8),
                1L));
        node.flush();
        server = ToolProcess.start("serve", "--dir", store.toString(), "--port", "0");
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("serve's first line").startsWith("rockwal serve: http://127.0.0.1:");
        base = URI.create(line.substring("rockwal serve: ".length(), line.indexOf(' ', "rockwal serve: ".length())));
        var unused = ToolProcess.drain(server.getErrorStream());

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,1000",
                "--user-data-dir=" + root.resolve("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS))
                    .as("serve stops on SIGTERM")
                    .isTrue();
            assertThat(server.exitValue()).as("serve's exit status on SIGTERM").isEqualTo(143);
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void theOverviewDrawsTheTimeline() throws Exception {
        browser.get(base.toString());
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("#types tbody tr[data-type='wal:pots']")));
        for (String chart : List.of("chart-lsn", "chart-time")) {
            wait.until(driver -> ((Number) ((JavascriptExecutor) driver)
                                    .executeScript(
                                            "const img = document.getElementById(arguments[0]); return img.complete ? img.naturalWidth : 0;",
                                            chart))
                            .intValue()
                    > 0);
        }
        assertThat(browser.findElements(By.cssSelector("#types tbody tr"))).hasSizeGreaterThanOrEqualTo(7);
        assertThat(browser.findElement(By.id("where")).getText())
                .contains("store")
                .contains("secondary");
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        screenshot("serve-overview.png");
    }

    @Test
    @Order(2)
    void clickingATypeThenAnEntryShowsItsDecodedJson() throws Exception {
        browser.get(base.toString());
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText("wal:reconciliation")))
                .click();
        WebElement first = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#entries tbody tr a")));
        String lsn = first.getText();
        first.click();
        WebElement json = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("entry-json")));
        wait.until(driver -> !json.getText().isEmpty());
        JsonObject shown = JsonParser.parseString(json.getText()).getAsJsonObject();
        assertThat(shown).isEqualTo(api("/api/entries/" + lsn));
        assertThat(shown.get("type").getAsString()).isEqualTo("wal:reconciliation");
        assertThat(shown.get("eventClass").getAsString())
                .isIn(ReconciliationEvent.class.getSimpleName(), "ReconciliationBatchEvent");
        assertThat(browser.findElements(By.cssSelector("#neighbours a"))).isNotEmpty();
        screenshot("serve-entry.png");
        browser.findElement(By.id("raw-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("entry-raw")));
        assertThat(browser.findElement(By.id("entry-raw")).getText().replace("\n", ""))
                .isEqualTo(
                        api("/api/entries/" + lsn + "?raw=true").get("payload").getAsString());
    }

    @Test
    @Order(3)
    void markupInAFieldShowsAsText() throws Exception {
        browser.get(base.resolve("/entry?lsn=" + markupLsn).toString());
        WebElement json = new WebDriverWait(browser, WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("entry-json")));
        new WebDriverWait(browser, WAIT).until(driver -> json.getText().contains("note"));
        assertThat(json.getText()).contains(MARKUP.replace("\"", "\\\""));
        assertThat(browser.findElements(By.cssSelector("#entry-json *")))
                .as("elements made from the field")
                .isEmpty();
        assertThat(browser.findElements(By.tagName("img"))).isEmpty();
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        screenshot("serve-escaped.png");
    }

    @Test
    @Order(4)
    void theLivePageShowsAnEntryWrittenAfterItLoaded() throws Exception {
        browser.get(base.resolve("/live").toString());
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"), "following from LSN"));
        long lsn = node.write(new PoTSBlockEvent(Operation.APPEND, 900_001, "{}".getBytes(StandardCharsets.UTF_8), 2L));
        node.flush();
        WebElement row = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#live-entries tbody tr[data-lsn='" + lsn + "']")));
        assertThat(row.getText()).contains("wal:pots").contains("APPEND");
        screenshot("serve-live.png");
    }

    private static JsonObject api(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
