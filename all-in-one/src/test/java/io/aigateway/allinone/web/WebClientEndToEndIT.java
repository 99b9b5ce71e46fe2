package io.aigateway.allinone.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.allinone.AllInOneApplication;
import io.aigateway.allinone.TestGateway;
import io.aigateway.audio.PcmAudio;
import io.aigateway.audio.WavDecoder;
import io.aigateway.audio.WavWriter;
import io.aigateway.ingress.auth.ApiKey;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.schemas.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The web client in a real headless Chromium against the whole gateway on the test JVM's broker, with API keys on: a
 * chat question answered token by token (the mock model streams with a delay), a spoken question through Chromium's
 * fake microphone (a WAV the gateway's own voice made) ending with the transcript shown and the answer playing, the
 * jobs, operators and batches views, and the page's own WAV encoder. One gateway and one browser for all of them;
 * each view's screenshot goes to docs/screenshots. Skipped, with a message saying so, where Chromium is not installed.
 */
@EnabledIf(value = "chromiumInstalled", disabledReason = Browser.MISSING)
@SpringBootTest(classes = AllInOneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class WebClientEndToEndIT {

    private static final int PORT = TestGateway.freePort();
    private static final String BASE = "http://localhost:" + PORT;
    private static final String ADMIN_KEY = ApiKey.generate().token();
    private static final String STATIC_SITE = "http://static.example.test";
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static Browser browser;
    private static Path downloads;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestGateway.register(registry, PORT, "web-client");
        registry.add("gateway.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        // slow enough that the browser sees the answer arrive piece by piece
        registry.add("gateway.llm.mock.token-delay", () -> "15ms");
        registry.add(
                "gateway.stt.vosk.model-dir",
                () -> Path.of("target", "speech-models").toAbsolutePath().toString());
        registry.add("gateway.ingress.auth.mode", () -> "api-keys");
        registry.add("gateway.ingress.auth.bootstrap-admin-key", () -> ADMIN_KEY);
        registry.add("gateway.ingress.web.allowed-origins", () -> STATIC_SITE);
    }

    /**
     * Asked before the gateway starts: without Chromium there is nothing to test, and no gateway is started; every test
     * is reported skipped with {@link Browser#MISSING}.
     */
    static boolean chromiumInstalled() {
        return Browser.find().isPresent();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();

    /** The one browser of this class, started at first use with the spoken question as its microphone. */
    private Browser browser() {
        if (browser == null) {
            downloads = tempDir();
            browser = Browser.start(Browser.find().orElseThrow(), spokenQuestion(), downloads);
        }
        browser.size(1280, 900);
        return browser;
    }

    // --- the tests ---

    @Test
    void aChatQuestionIsAnsweredWithStreamedTextAndSourcesAfterTheKeyIsEntered() {
        Browser b = browser();
        b.driver.get(BASE + "/#chat");
        b.script("localStorage.clear()");
        b.driver.navigate().refresh();
        // without a key the gateway refuses the page's first call, and the page says what to do
        WebElement banner = waitFor(By.id("key-banner"));
        waitUntil(banner::isDisplayed);
        assertThat(banner.getText()).contains("needs an API key");
        b.driver.findElement(By.id("key-banner-open")).click();
        b.driver.findElement(By.id("settings-key")).sendKeys(ADMIN_KEY);
        b.driver.findElement(By.id("settings-save")).click();
        waitUntil(() -> !b.driver.findElement(By.id("settings")).isDisplayed());
        assertThat(b.script("return localStorage.getItem('gateway.apiKey')")).isEqualTo(ADMIN_KEY);
        assertThat(banner.isDisplayed()).isFalse();

        // every change of the answer's text is recorded in the page, to tell a streamed answer from one that arrives
        // whole
        b.script("""
                window.__answerLengths = [];
                new MutationObserver(() => {
                  const answers = document.querySelectorAll('#chat-log .message.assistant .answer-text');
                  const last = answers[answers.length - 1];
                  if (last) window.__answerLengths.push(last.textContent.length);
                }).observe(document.getElementById('chat-log'), {subtree: true, childList: true, characterData: true});
                """);
        WebElement input = b.driver.findElement(By.id("chat-input"));
        input.sendKeys("How do I reset my password?", Keys.ENTER);
        WebElement answer = waitFor(By.cssSelector("#chat-log .message.assistant"));
        waitUntil(() -> !answer.getAttribute("class").contains("streaming"));

        String jobId = answer.getAttribute("data-job-id");
        // the job's state can trail its last event by a moment
        JsonNode job = finished(jobId);
        assertThat(job.get("status").asText()).isEqualTo("completed");
        String expected = job.at("/result/answer/text").asText();
        String shown = answer.findElement(By.cssSelector(".answer-text")).getText();
        assertThat(normalize(shown)).isEqualTo(normalize(expected));
        assertThat(shown).containsIgnoringCase("password");
        @SuppressWarnings("unchecked")
        List<Number> lengths = (List<Number>) b.script("return window.__answerLengths");
        long distinct = lengths.stream()
                .mapToInt(Number::intValue)
                .filter(n -> n > 0 && n < expected.length())
                .distinct()
                .count();
        assertThat(distinct)
                .as("partial answers the page showed before the whole one")
                .isGreaterThan(5);
        WebElement sources = answer.findElement(By.cssSelector("details.sources"));
        assertThat(sources.getText()).contains("Sources (");
        sources.click();
        assertThat(sources.getText()).contains("Reset a forgotten password");
        assertThat(answer.findElement(By.cssSelector(".answer-text")).getAttribute("aria-busy"))
                .isEqualTo("false");
        b.screenshot("chat");

        // a follow-up is a second turn of the same conversation; Stop ends the answer where it is
        input.sendKeys("And how often does it expire?", Keys.ENTER);
        waitUntil(() -> b.driver
                        .findElements(By.cssSelector("#chat-log .message.assistant"))
                        .size()
                == 2);
        WebElement second = b.driver
                .findElements(By.cssSelector("#chat-log .message.assistant"))
                .get(1);
        waitUntil(() ->
                second.findElement(By.cssSelector(".answer-text")).getText().length() > 20);
        b.driver.findElement(By.id("chat-stop")).click();
        waitUntil(() -> !second.getAttribute("class").contains("streaming"));
        assertThat(second.getText()).contains("Stopped.");
        assertThat(b.driver.findElement(By.id("chat-send")).isDisplayed()).isTrue();
        assertThat(b.driver.findElements(By.cssSelector("#chat-log .message.user")))
                .hasSize(2);

        // the same conversation on a phone-sized screen
        b.size(390, 844);
        b.script("window.scrollTo(0, 0)");
        b.screenshot("chat-phone");
    }

    @Test
    void aSpokenQuestionIsTranscribedAnsweredAndTheAnswerPlays() {
        Browser b = open("voice", ADMIN_KEY);
        WebElement talk = waitFor(By.id("talk"));
        Duration hold = Duration.ofMillis(
                (long) (WavDecoder.header(spokenQuestionBytes()).durationSeconds() * 1000) + 2000);
        String jobId = speak(
                b, null, new Actions(b.driver).clickAndHold(talk).pause(hold).release());
        WebElement transcript = b.driver.findElement(By.id("voice-transcript"));
        assertThat(transcript.getText().toLowerCase()).contains("reset", "password");
        for (String step : List.of("stt", "rag", "llm", "tts")) {
            assertThat(b.driver
                            .findElement(By.cssSelector("#voice-steps li[data-step='" + step + "']"))
                            .getAttribute("data-state"))
                    .as(step)
                    .isEqualTo("done");
        }
        JsonNode job = get("/v1/jobs/" + jobId, ADMIN_KEY);
        assertThat(job.at("/result/transcript/text").asText()).isEqualTo(transcript.getText());
        assertThat(normalize(b.driver.findElement(By.id("voice-answer")).getText()))
                .isEqualTo(normalize(job.at("/result/answer/text").asText()));
        assertThat((Number) b.script("return document.getElementById('voice-audio').duration"))
                .satisfies(d -> assertThat(d.doubleValue()).isGreaterThan(1.0));
        b.screenshot("voice");

        // the same with the keyboard: Space held on the focused button
        b.script("arguments[0].focus()", talk);
        String byKeyboard = speak(
                b, jobId, new Actions(b.driver).keyDown(Keys.SPACE).pause(hold).keyUp(Keys.SPACE));
        assertThat(transcript.getText().toLowerCase()).contains("reset", "password");

        // and clicked: a click starts, the recording goes on after the release (and a blur), the next click sends
        new Actions(b.driver).click(talk).perform();
        waitUntil(() -> "true".equals(talk.getAttribute("aria-pressed")));
        b.script("arguments[0].blur()", talk);
        new Actions(b.driver).pause(hold).perform();
        assertThat(talk.getAttribute("aria-pressed")).isEqualTo("true");
        speak(b, byKeyboard, new Actions(b.driver).click(talk));
        assertThat(talk.getAttribute("aria-pressed")).isEqualTo("false");
        assertThat(transcript.getText().toLowerCase()).contains("reset", "password");
    }

    /** One spoken turn: the answer of a new job plays, or the test fails with what the page said. */
    private String speak(Browser b, String previousJobId, Actions hold) {
        hold.perform();
        java.util.function.Supplier<String> page = () -> "the page said: status '"
                + b.driver.findElement(By.id("voice-status")).getText() + "', error '"
                + b.driver.findElement(By.id("voice-error")).getText() + "', transcript '"
                + b.driver.findElement(By.id("voice-transcript")).getText() + "'";
        waitUntil(
                () -> {
                    String id = b.driver.findElement(By.id("voice-audio")).getAttribute("data-job-id");
                    return (id != null && !id.equals(previousJobId))
                            || b.driver.findElement(By.id("voice-error")).isDisplayed();
                },
                page);
        assertThat(b.driver.findElement(By.id("voice-error")).isDisplayed())
                .as(page)
                .isFalse();
        waitUntil(
                () -> Boolean.TRUE.equals(b.script("const a = document.getElementById('voice-audio');"
                        + " return a.currentTime > 0 && (!a.paused || a.ended);")),
                page);
        return b.driver.findElement(By.id("voice-audio")).getAttribute("data-job-id");
    }

    @Test
    void refusalsAreExplainedInPlainWords() {
        // a well-formed key the gateway does not know
        Browser b = open("chat", ApiKey.generate().token());
        b.driver.findElement(By.id("chat-input")).sendKeys("Hello?", Keys.ENTER);
        WebElement error = b.driver.findElement(By.id("chat-error"));
        waitUntil(error::isDisplayed);
        assertThat(error.getText())
                .contains("The gateway did not accept this API key")
                .contains("Enter a valid key under Settings")
                .contains("unauthorized");
        assertThat(b.driver.findElement(By.id("key-state")).getText()).isEqualTo("Key refused");
        assertThat(b.driver.findElement(By.id("key-banner")).isDisplayed()).isTrue();

        open("jobs", ADMIN_KEY);
        b.driver.findElement(By.id("jobs-id")).sendKeys("job_nosuchjob", Keys.ENTER);
        WebElement lookup = b.driver.findElement(By.id("jobs-error"));
        waitUntil(lookup::isDisplayed);
        assertThat(lookup.getText()).startsWith("No job job_nosuchjob (it does not exist");
    }

    @Test
    void theJobsViewShowsEachStepsProviderAndTimeAndErrorsInPlainWords() {
        String good = submitChat("How do I connect to the VPN?");
        String bad = submitChat("Please fail #mock-fail:rejected");
        finished(good);
        finished(bad);
        Browser b = open("chat", ADMIN_KEY);
        // labels of the jobs this browser sent; the list itself comes from GET /v1/jobs
        b.script(
                "localStorage.setItem('gateway.recentJobs', JSON.stringify(arguments[0]))",
                List.of(
                        Map.of("jobId", bad, "kind", "Chat", "label", "Please fail"),
                        Map.of("jobId", good, "kind", "Chat", "label", "How do I connect to the VPN?")));
        b.driver.get(BASE + "/#jobs");
        WebElement failed = waitFor(card(bad));
        WebElement completed = waitFor(card(good));
        assertThat(failed.findElement(By.cssSelector(".job-title")).getText()).isEqualTo("Chat: Please fail");
        assertThat(failed.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Failed");
        assertThat(completed.findElement(By.cssSelector(".badge")).getText()).isEqualTo("Completed");
        // newest first: the failing job was sent after the good one
        List<String> order = b.driver.findElements(By.cssSelector("#jobs-list details.job")).stream()
                .map(e -> e.getAttribute("data-job-id"))
                .toList();
        assertThat(order.indexOf(bad)).isLessThan(order.indexOf(good));
        failed.findElement(By.tagName("summary")).click();
        completed.findElement(By.tagName("summary")).click();
        waitUntil(() -> !failed.findElements(By.cssSelector(".job-error")).isEmpty());
        assertThat(failed.findElement(By.cssSelector(".job-error")).getText())
                .contains("The AI provider refused the request as invalid.")
                .contains("provider_rejected");
        waitUntil(() -> !completed.findElements(By.cssSelector(".step-table")).isEmpty());
        List<WebElement> rows = completed.findElements(By.cssSelector(".step-table tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText())
                .contains("Search", "lucene", "Completed")
                .containsPattern("\\d+ ms|s$");
        assertThat(rows.get(1).getText()).contains("LLM", "mock", "Completed");
        assertThat(completed.getText()).contains("rag", "llm").contains(good);
        b.screenshot("jobs");
    }

    @Test
    void theJobsViewListsTheTenantsJobsPagesThemFiltersThemAndUpdatesCardsInPlace() {
        // jobs this browser never sent, enough for more than one page of twenty
        List<String> sent = new java.util.ArrayList<>();
        for (int i = 0; i < 21; i++) {
            sent.add(submitChat("Question " + i + " from another client"));
        }
        String failing = submitChat("Fail for the filter #mock-fail:rejected");
        sent.forEach(this::finished);
        finished(failing);
        Browser b = open("jobs", ADMIN_KEY);
        WebElement newest = waitFor(card(failing));
        assertThat(newest.findElement(By.cssSelector(".job-status")).getAttribute("aria-live"))
                .isEqualTo("polite");
        assertThat(b.driver.findElements(By.cssSelector("#jobs-list details.job")))
                .hasSize(20);
        WebElement more = b.driver.findElement(By.id("jobs-more"));
        assertThat(more.isDisplayed()).isTrue();

        // a card keeps its element across refreshes: focus and open state stay where they were
        b.script("arguments[0].__kept = true", newest);
        String later = submitChat("A question asked while the list was open");
        b.driver.findElement(By.id("jobs-refresh")).click();
        WebElement added = waitFor(card(later));
        assertThat(b.script("return arguments[0].__kept === true && arguments[0].isConnected", newest))
                .isEqualTo(true);
        List<WebElement> cards = b.driver.findElements(By.cssSelector("#jobs-list details.job"));
        assertThat(cards.get(0).getAttribute("data-job-id")).isEqualTo(later);
        assertThat(added.findElement(By.cssSelector(".job-title")).getText()).isEqualTo("Job");

        more.click();
        waitUntil(() ->
                b.driver.findElements(By.cssSelector("#jobs-list details.job")).size() > 21);
        List<String> ids = b.driver.findElements(By.cssSelector("#jobs-list details.job")).stream()
                .map(e -> e.getAttribute("data-job-id"))
                .toList();
        assertThat(ids).doesNotHaveDuplicates().contains(sent.get(0));

        new org.openqa.selenium.support.ui.Select(b.driver.findElement(By.id("jobs-status"))).selectByValue("failed");
        waitUntil(() -> b.driver.findElements(card(later)).isEmpty()
                && !b.driver.findElements(card(failing)).isEmpty());
        assertThat(b.driver.findElements(By.cssSelector("#jobs-list details.job .badge")))
                .isNotEmpty()
                .allSatisfy(badge -> assertThat(badge.getText()).isEqualTo("Failed"));
    }

    /** The chat keeps its history within what the ingress takes: 50 earlier messages, 32,000 characters in all. */
    @Test
    void aLongConversationKeepsItsNewestTurnsWithinTheIngressLimits() {
        Browser b = open("chat", ADMIN_KEY);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> kept = (List<Map<String, Object>>) b.asyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/chat.js').then(({earlierTurns}) => {
                  const turns = [];
                  for (let i = 0; i < 40; i++) {
                    turns.push({role: 'user', content: 'q' + i + ' ' + 'x'.repeat(900)},
                               {role: 'assistant', content: 'a' + i + ' ' + 'y'.repeat(900)});
                  }
                  const long = earlierTurns(turns, 'z'.repeat(1000));
                  const short = earlierTurns(turns.map(t => ({role: t.role, content: t.content.slice(0, 3)})), 'q');
                  done([
                    {count: long.length, chars: long.reduce((n, t) => n + t.content.length, 0),
                     first: long[0].content.slice(0, 3), last: long[long.length - 1].content.slice(0, 3)},
                    {count: short.length, first: short[0].content.slice(0, 3)}]);
                });
                """);
        Map<String, Object> bounded = kept.get(0);
        assertThat(((Number) bounded.get("count")).intValue()).isEven().isGreaterThan(0);
        assertThat(((Number) bounded.get("chars")).intValue()).isLessThanOrEqualTo(32_000 - 1000);
        assertThat(bounded.get("last")).isEqualTo("a39");
        // whole turns, the oldest left out: 17 turns of 1,808 characters fit beside the question, 18 would not
        assertThat(((Number) bounded.get("count")).intValue()).isEqualTo(2 * 17);
        assertThat(bounded.get("first")).isEqualTo("q23");
        Map<String, Object> many = kept.get(1);
        assertThat(((Number) many.get("count")).intValue()).isEqualTo(50);
        assertThat(many.get("first")).isEqualTo("q15");
    }

    @Test
    void operatorsSeeTheRegistryAndRoutesAndOnlyAdminsTheConfiguration() {
        Browser b = open("operators", ADMIN_KEY);
        WebElement root = b.driver.findElement(By.id("operators-root"));
        waitUntil(() -> !root.findElements(By.id("config-editor")).isEmpty());
        String text = root.getText();
        assertThat(text).contains("vosk", "lucene", "freetts", "mock", "mock-grounded", "mock-chat");
        assertThat(root.findElements(By.cssSelector(".badge.ready"))).hasSizeGreaterThanOrEqualTo(4);
        WebElement editor = root.findElement(By.id("config-editor"));
        assertThat(editor.getAttribute("value")).contains("mock-grounded");
        assertThat(root.findElement(By.id("usage-table")).getText()).contains("default");
        b.screenshot("operators");

        // an admin saves the configuration as it is: a new version, published on gw.config
        long before = get("/v1/admin/config", ADMIN_KEY).get("version").asLong();
        root.findElement(By.xpath(".//button[normalize-space()='Save configuration']"))
                .click();
        waitUntil(() -> root.getText().contains("Saved as version " + (before + 1)));
        assertThat(get("/v1/admin/config", ADMIN_KEY).get("version").asLong()).isEqualTo(before + 1);

        String clientKey = post(
                        "/v1/admin/keys",
                        Map.of("tenant", "default", "role", "client", "name", "web client test"),
                        ADMIN_KEY)
                .get("key")
                .asText();
        open("operators", clientKey);
        WebElement again = b.driver.findElement(By.id("operators-root"));
        waitUntil(() -> again.getText().contains("Read-only"));
        assertThat(again.getText()).contains("lucene", "mock-grounded");
        assertThat(again.findElements(By.id("config-editor"))).isEmpty();
        assertThat(again.findElements(By.id("usage-table"))).isEmpty();
        assertThat(again.getText()).contains("shown to operator and admin keys");
    }

    @Test
    void aSmallBatchOfUploadedRecordingsReaches100PercentAndItsResultsDownload() throws IOException {
        List<String> sentences =
                List.of("My VPN keeps disconnecting", "I need a new laptop charger", "Please reset my password");
        Path folder = tempDir();
        StringBuilder paths = new StringBuilder();
        for (int i = 0; i < sentences.size(); i++) {
            Path file = folder.resolve("call-" + (i + 1) + ".wav");
            Files.write(file, synthesized(sentences.get(i)));
            paths.append(i == 0 ? "" : "\n").append(file.toAbsolutePath());
        }
        Browser b = open("batches", ADMIN_KEY);
        // every value the progress bar takes is recorded in the page, to see that it only rises
        b.script("""
                window.__progress = [];
                new MutationObserver(() => {
                  const bar = document.getElementById('batch-progress');
                  if (bar) window.__progress.push(Number(bar.getAttribute('aria-valuenow')));
                }).observe(document.getElementById('batches-root'), {subtree: true, childList: true, attributes: true});
                """);
        b.driver.findElement(By.id("batch-files")).sendKeys(paths.toString());
        waitUntil(() -> b.driver
                        .findElements(By.cssSelector("#batch-form .file-list li"))
                        .size()
                == 3);
        b.driver.findElement(By.id("batch-submit")).click();
        WebElement card = waitFor(By.id("batch-card"));
        waitUntil(() -> "100".equals(card.findElement(By.id("batch-progress")).getAttribute("aria-valuenow"))
                && card.findElements(By.cssSelector(".items tbody tr td .badge.completed"))
                                .size()
                        == 3);
        assertThat(card.getText()).contains("100%", "Completed", "3 of 3 done").doesNotContain("null");
        List<WebElement> rows = card.findElements(By.cssSelector(".items tbody tr"));
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getText()).contains("call-1.wav").containsIgnoringCase("vpn");
        assertThat(rows.get(2).getText()).contains("call-3.wav").containsIgnoringCase("password");
        @SuppressWarnings("unchecked")
        List<Number> progress = (List<Number>) b.script("return window.__progress");
        assertThat(progress).isNotEmpty();
        for (int i = 1; i < progress.size(); i++) {
            assertThat(progress.get(i).intValue())
                    .isGreaterThanOrEqualTo(progress.get(i - 1).intValue());
        }
        b.screenshot("batches");

        String batchId = card.getAttribute("data-batch-id");
        card.findElement(By.cssSelector("button[data-download='" + batchId + ".jsonl']"))
                .click();
        card.findElement(By.cssSelector("button[data-download='" + batchId + "-0.srt']"))
                .click();
        card.findElement(By.cssSelector("button[data-download='" + batchId + "-2.vtt']"))
                .click();
        Path jsonl = downloads.resolve(batchId + ".jsonl");
        Path srt = downloads.resolve(batchId + "-0.srt");
        Path vtt = downloads.resolve(batchId + "-2.vtt");
        waitUntil(() -> Files.exists(jsonl) && Files.exists(srt) && Files.exists(vtt));
        List<String> lines = Files.readAllLines(jsonl);
        assertThat(lines).hasSize(3);
        for (int i = 0; i < lines.size(); i++) {
            JsonNode item = Json.mapper().readTree(lines.get(i));
            assertThat(item.get("index").asInt()).isEqualTo(i);
            assertThat(item.get("status").asText()).isEqualTo("completed");
            assertThat(item.at("/transcript/text").asText()).isNotBlank();
        }
        assertThat(Files.readString(srt)).startsWith("1\n00:00:").containsIgnoringCase("vpn");
        assertThat(Files.readString(vtt)).startsWith("WEBVTT").containsIgnoringCase("password");
    }

    /**
     * The page's own recorder path: 48 kHz samples of a 440 Hz tone plus a 12 kHz one are resampled and encoded in
     * the browser; the WAV must be 16 kHz mono 16-bit, keep the 440 Hz tone and not fold the 12 kHz one back (to 4 kHz).
     */
    @Test
    void thePageEncodesRecordingsAs16KhzMonoWavWithoutAliasing() {
        Browser b = open("voice", ADMIN_KEY);
        String base64 = (String) b.asyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/wav.js').then(({resample, encodeWav}) => {
                  const rate = 48000, samples = new Float32Array(rate);
                  for (let i = 0; i < rate; i++) {
                    samples[i] = 0.4 * Math.sin(2 * Math.PI * 440 * i / rate) + 0.4 * Math.sin(2 * Math.PI * 12000 * i / rate);
                  }
                  const reader = new FileReader();
                  reader.onload = () => done(reader.result.split(',')[1]);
                  reader.readAsDataURL(encodeWav(resample(samples, rate, 16000), 16000));
                }).catch(e => done('error: ' + e));
                """);
        byte[] wav = Base64.getDecoder().decode(base64);
        WavDecoder.Header header = WavDecoder.header(wav);
        assertThat(header.sampleRate()).isEqualTo(16000);
        assertThat(header.channels()).isEqualTo(1);
        assertThat(header.bitsPerSample()).isEqualTo(16);
        assertThat(header.durationSeconds()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        float[] mono = WavDecoder.decode(wav).mono().samples()[0];
        double kept = amplitudeAt(mono, 16000, 440);
        double folded = amplitudeAt(mono, 16000, 4000);
        assertThat(kept).isCloseTo(0.4, org.assertj.core.data.Offset.offset(0.05));
        assertThat(folded).isLessThan(0.01);
    }

    /** The page's event-stream parser, fed the awkward cases a network can cut a stream into. */
    @Test
    void thePageParsesEventStreamsCutAnywhere() {
        Browser b = open("jobs", ADMIN_KEY);
        @SuppressWarnings("unchecked")
        List<List<Map<String, Object>>> cuts = (List<List<Map<String, Object>>>) b.asyncScript("""
                const done = arguments[arguments.length - 1];
                import('/js/sse.js').then(({SseParser}) => {
                  const stream = ': heartbeat\\n\\nid: 1\\nevent: delta\\ndata: {"text":"Hel\\r\\n\\r\\nid:2\\r'
                      + '\\nevent:delta\\ndata:lo\\ndata: world\\n\\ndata: no id or type\\n\\nretry: 5\\n\\nid: 3\\nevent: completed\\ndata: {}\\n\\n';
                  // the same stream in pieces of every size from one character to all of it
                  done([1, 2, 3, 5, 7, stream.length].map((size) => {
                    const seen = [];
                    const parser = new SseParser((e) => seen.push({id: e.id ?? null, event: e.event, data: e.data}));
                    for (let i = 0; i < stream.length; i += size) parser.push(stream.slice(i, i + size));
                    return seen;
                  }));
                }).catch(e => done('error: ' + e));
                """);
        assertThat(cuts).hasSize(6);
        for (List<Map<String, Object>> events : cuts) {
            assertThat(events)
                    .extracting(e -> e.get("id"), e -> e.get("event"), e -> e.get("data"))
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("1", "delta", "{\"text\":\"Hel"),
                            org.assertj.core.groups.Tuple.tuple("2", "delta", "lo\nworld"),
                            org.assertj.core.groups.Tuple.tuple("2", "message", "no id or type"),
                            org.assertj.core.groups.Tuple.tuple("3", "completed", "{}"));
        }
    }

    @Test
    void theIngressServesThePageAndLetsTheConfiguredSiteCallTheApi() {
        HttpResponse<String> page =
                send(HttpRequest.newBuilder(URI.create(BASE + "/")).GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(p -> assertThat(p).contains("script-src 'self'"));
        assertThat(page.body()).contains("<title>AI Gateway</title>");
        HttpResponse<String> script =
                send(HttpRequest.newBuilder(URI.create(BASE + "/js/api.js")).GET());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("javascript"));

        HttpResponse<String> allowed = send(preflight(STATIC_SITE));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(STATIC_SITE);
        assertThat(allowed.headers()
                        .firstValue("Access-Control-Allow-Headers")
                        .orElse("")
                        .toLowerCase())
                .contains("authorization");
        HttpResponse<String> other = send(preflight("http://elsewhere.example.test"));
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    // --- helpers ---

    private static HttpRequest.Builder preflight(String origin) {
        return HttpRequest.newBuilder(URI.create(BASE + "/v1/chat"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type");
    }

    /** The page with the given key remembered, at one of its views. */
    private Browser open(String view, String key) {
        Browser b = browser();
        b.driver.get(BASE + "/#" + view);
        b.script("localStorage.clear(); localStorage.setItem('gateway.apiKey', arguments[0]);", key);
        b.driver.navigate().refresh();
        waitUntil(() -> "true".equals(b.script("return document.documentElement.dataset.ready")));
        return b;
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser.driver, WAIT).until(d -> d.findElement(by));
    }

    private void waitUntil(java.util.function.BooleanSupplier condition) {
        waitUntil(condition, () -> "");
    }

    private void waitUntil(
            java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> diagnostics) {
        new WebDriverWait(browser.driver, WAIT)
                .pollingEvery(Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .withMessage(diagnostics)
                .until(d -> condition.getAsBoolean());
    }

    private static String normalize(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }

    /** The amplitude of one frequency in a signal (a single DFT bin over the whole signal). */
    private static double amplitudeAt(float[] samples, int rate, double frequency) {
        double re = 0;
        double im = 0;
        for (int i = 0; i < samples.length; i++) {
            double phase = 2 * Math.PI * frequency * i / rate;
            re += samples[i] * Math.cos(phase);
            im -= samples[i] * Math.sin(phase);
        }
        return 2 * Math.hypot(re, im) / samples.length;
    }

    private static byte[] spokenQuestion;

    /** Text spoken by the gateway's own voice (its tts step), as a WAV file. */
    private byte[] synthesized(String text) {
        String jobId = post("/v1/speech/synthesis", Map.of("text", text), ADMIN_KEY)
                .get("jobId")
                .asText();
        finished(jobId);
        HttpResponse<byte[]> audio = sendBytes(HttpRequest.newBuilder(URI.create(BASE + "/v1/jobs/" + jobId + "/audio"))
                .header("Authorization", "Bearer " + ADMIN_KEY)
                .GET());
        assertThat(audio.statusCode()).isEqualTo(200);
        return audio.body();
    }

    /** "How do I reset my password?" in the gateway's own voice, with silence around it, as a WAV file. */
    private byte[] spokenQuestionBytes() {
        if (spokenQuestion == null) {
            PcmAudio speech = WavDecoder.decode(synthesized("How do I reset my password?"))
                    .mono();
            int rate = speech.sampleRate();
            float[] voice = speech.samples()[0];
            float[] padded = new float[voice.length + rate * 3 / 4];
            System.arraycopy(voice, 0, padded, rate / 4, voice.length);
            spokenQuestion = WavWriter.pcm16(new PcmAudio(rate, new float[][] {padded}));
        }
        return spokenQuestion;
    }

    private Path spokenQuestion() {
        try {
            Path file = Files.createTempFile("spoken-question", ".wav");
            Files.write(file, spokenQuestionBytes());
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static By card(String jobId) {
        return By.cssSelector("#jobs-list details.job[data-job-id='" + jobId + "']");
    }

    private String submitChat(String message) {
        return post("/v1/chat", Map.of("message", message), ADMIN_KEY)
                .get("jobId")
                .asText();
    }

    private JsonNode finished(String jobId) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(BASE + "/v1/jobs/" + jobId))
                    .header("Authorization", "Bearer " + ADMIN_KEY)
                    .GET());
            if (response.statusCode() == 200) {
                JsonNode state = Json.mapper().readTree(response.body());
                String status = state.get("status").asText();
                if (!status.equals("queued") && !status.equals("running")) {
                    return state;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("job " + jobId + " did not finish within " + WAIT);
    }

    private JsonNode get(String path, String key) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(BASE + path))
                .header("Authorization", "Bearer " + key)
                .GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    private JsonNode post(String path, Object body, String key) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(BASE + path))
                .header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.mapper().writeValueAsString(body))));
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return Json.mapper().readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(
                    request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        return TestGateway.tempDir("web-client-it");
    }
}
