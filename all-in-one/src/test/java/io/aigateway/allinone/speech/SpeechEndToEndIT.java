package io.aigateway.allinone.speech;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.allinone.AllInOneApplication;
import io.aigateway.allinone.TestGateway;
import io.aigateway.audio.PcmAudio;
import io.aigateway.audio.WavDecoder;
import io.aigateway.pipeline.testing.TestKafka;
import io.aigateway.schemas.json.Json;
import io.aigateway.stt.transcribe.PartialTranscriptListener;
import io.aigateway.stt.transcribe.SpeechToTextSelection;
import io.aigateway.stt.transcribe.TranscriptionRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Speech through the whole gateway on the test JVM's embedded broker, with the real engines of the default
 * configuration (Vosk for stt, FreeTTS kevin16 for tts): the call-center sentences spoken by the local voice and
 * transcribed back with a word error rate under 0.15 (and the throughput measured); the voice chain from a spoken
 * question to a spoken answer that transcribes back to the answer's words; range requests on the produced audio; and
 * the OpenAI-compatible audio endpoints field by field. One gateway for all of them (one Spring context).
 */
@SpringBootTest(classes = AllInOneApplication.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SpeechEndToEndIT {

    private static final int PORT = TestGateway.freePort();
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(180);
    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(32);
    private static final ExecutorService TWO = Executors.newFixedThreadPool(2);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestGateway.register(registry, PORT, "speech");
        registry.add("gateway.kafka.bootstrap-servers", TestKafka::bootstrapServers);
        registry.add("gateway.llm.mock.token-delay", () -> "0ms");
        // the Vosk model is extracted once per build, not once per run
        registry.add(
                "gateway.stt.vosk.model-dir",
                () -> Path.of("target", "speech-models").toAbsolutePath().toString());
        registry.add("gateway.ingress.speech.sync-timeout", () -> "120s");
    }

    private final HttpClient http = HttpClient.newHttpClient();

    /** The stt engine of this gateway, called directly to compare its throughput with the gateway's. */
    @Autowired
    SpeechToTextSelection stt;

    @AfterAll
    static void stopClients() {
        CLIENTS.shutdownNow();
        TWO.shutdownNow();
    }

    // --- HTTP helpers ---

    private HttpResponse<byte[]> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(200)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder to(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path));
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        return Json.mapper().readTree(response.body());
    }

    private String accepted(HttpResponse<byte[]> response) {
        assertThat(response.statusCode())
                .as(new String(response.body(), StandardCharsets.UTF_8))
                .isEqualTo(202);
        return json(response).get("jobId").asText();
    }

    private String synthesize(String text) {
        String body = Json.mapper().writeValueAsString(java.util.Map.of("text", text));
        return accepted(send(to("/v1/speech/synthesis")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    private String transcribe(byte[] wav) {
        return accepted(send(to("/v1/speech/transcriptions?language=en-US")
                .header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(wav))));
    }

    /** The job's state once it finished (completed, failed or cancelled). */
    private JsonNode finished(String jobId) {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> response = send(to("/v1/jobs/" + jobId).GET());
            if (response.statusCode() == 200) {
                JsonNode state = json(response);
                String status = state.get("status").asText();
                if (!status.equals("queued") && !status.equals("running")) {
                    assertThat(status).as(state.toString()).isEqualTo("completed");
                    return state;
                }
            }
            sleep(250);
        }
        throw new AssertionError("job " + jobId + " did not finish within " + JOB_TIMEOUT);
    }

    private byte[] audioOf(String jobId) {
        HttpResponse<byte[]> response = send(to("/v1/jobs/" + jobId + "/audio").GET());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("audio/wav");
        return response.body();
    }

    private static <T> List<T> all(List<CompletableFuture<T>> futures) {
        return futures.stream().map(CompletableFuture::join).toList();
    }

    // --- the tests ---

    @Test
    void callCenterSentencesSpokenByTheLocalVoiceAreTranscribedBackThroughThePipeline() throws IOException {
        List<String> sentences = SpokenSentences.SENTENCES;
        // speak them all at once through /v1/speech/synthesis; timed from before the first submission to the last
        // completion the result store recorded
        Instant synthesisStarted = Instant.now();
        List<String> synthesisJobs = all(sentences.stream()
                .map(s -> CompletableFuture.supplyAsync(() -> synthesize(s), CLIENTS))
                .toList());
        Instant synthesized = synthesisJobs.stream()
                .map(this::finished)
                .map(st -> Instant.parse(st.get("updatedAt").asText()))
                .max(Instant::compareTo)
                .orElseThrow();
        double synthesisWall = Duration.between(synthesisStarted, synthesized).toNanos() / 1e9;
        List<byte[]> spoken = synthesisJobs.stream().map(this::audioOf).toList();
        double audioSeconds = spoken.stream()
                .mapToDouble(w -> WavDecoder.header(w).durationSeconds())
                .sum();

        // warm both up (a new recognizer builds its caches on its first audio), as the engine benchmark does
        for (byte[] wav : spoken.subList(0, 3)) {
            stt.engine()
                    .transcribe(new TranscriptionRequest(wav, "audio/wav", "en-US"), PartialTranscriptListener.NONE);
        }
        all(spoken.subList(0, 2).stream()
                .map(w -> CompletableFuture.supplyAsync(() -> finished(transcribe(w)), CLIENTS))
                .toList());

        // the engine called directly on the same files, in the same run: one at a time, then two at a time (as many
        // as the gateway's recognizers)
        long engineStarted = System.nanoTime();
        for (byte[] wav : spoken) {
            stt.engine()
                    .transcribe(new TranscriptionRequest(wav, "audio/wav", "en-US"), PartialTranscriptListener.NONE);
        }
        double engineOne = (System.nanoTime() - engineStarted) / 1e9;
        engineStarted = System.nanoTime();
        all(spoken.stream()
                .map(w -> CompletableFuture.runAsync(
                        () -> stt.engine()
                                .transcribe(
                                        new TranscriptionRequest(w, "audio/wav", "en-US"),
                                        PartialTranscriptListener.NONE),
                        TWO))
                .map(f -> f.thenApply(v -> 0))
                .toList());
        double engineTwo = (System.nanoTime() - engineStarted) / 1e9;

        // through the gateway: all submitted at once, then read one after the other (so the client's reads do not
        // compete with the pipeline for the cores); the time is from before the first submission to the last job's
        // completion as the result store recorded it
        Instant started = Instant.now();
        List<String> jobs = all(spoken.stream()
                .map(w -> CompletableFuture.supplyAsync(() -> transcribe(w), CLIENTS))
                .toList());
        List<JsonNode> states = jobs.stream().map(this::finished).toList();
        Instant last = states.stream()
                .map(st -> Instant.parse(st.get("updatedAt").asText()))
                .max(Instant::compareTo)
                .orElseThrow();
        double wall = Duration.between(started, last).toNanos() / 1e9;
        List<String> heard = states.stream()
                .map(st -> st.get("result").get("transcript").get("text").asText())
                .toList();

        int edits = 0;
        int words = 0;
        StringBuilder table = new StringBuilder("| said | heard | edits |\n|---|---|---|\n");
        for (int i = 0; i < sentences.size(); i++) {
            List<String> reference = SpokenSentences.words(sentences.get(i));
            int e = SpokenSentences.edits(reference, SpokenSentences.words(heard.get(i)));
            edits += e;
            words += reference.size();
            table.append("| ")
                    .append(sentences.get(i))
                    .append(" | ")
                    .append(heard.get(i))
                    .append(" | ")
                    .append(e)
                    .append(" |\n");
        }
        double wer = (double) edits / words;
        String report = String.format(
                Locale.ROOT,
                "%d sentences, %.1f s of audio (load average %.1f at the end)%n"
                        + "- Vosk directly, one at a time: %.2f s, %.1f s of audio per second%n"
                        + "- Vosk directly, two at a time: %.2f s, %.1f s of audio per second%n"
                        + "- through the gateway (POST /v1/speech/transcriptions, all at once, to the last completion):"
                        + " %.2f s, %.1f s of audio per second (%.0f %% of the engine's best)%n"
                        + "- text to speech through the gateway (POST /v1/speech/synthesis, all at once, to the last"
                        + " completion): %.2f s for the %.1f s of audio, real-time factor %.3f%n"
                        + "WER through the gateway %.3f (%d edits over %d words)%n%n%s",
                sentences.size(),
                audioSeconds,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage(),
                engineOne,
                audioSeconds / engineOne,
                engineTwo,
                audioSeconds / engineTwo,
                wall,
                audioSeconds / wall,
                100 * Math.min(engineOne, engineTwo) / wall,
                synthesisWall,
                audioSeconds,
                synthesisWall / audioSeconds,
                wer,
                edits,
                words,
                table);
        System.out.println(report);
        Files.writeString(Path.of("target", "speech-through-gateway.md"), report);
        assertThat(sentences).hasSizeGreaterThanOrEqualTo(20);
        assertThat(wer).as(report).isLessThan(0.15);
    }

    @Test
    void aSpokenQuestionIsAnsweredAloudAndTheAnswerTranscribesBackToItsWords() {
        String question = synthesize("How do I reset my password?");
        finished(question);
        byte[] asked = audioOf(question);

        String voice = accepted(send(to("/v1/voice")
                .header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(asked))));
        JsonNode state = finished(voice);
        JsonNode result = state.get("result");
        assertThat(result.get("transcript").get("text").asText()).contains("password");
        String answer = result.get("answer").get("text").asText();
        assertThat(answer).isNotBlank();

        byte[] spoken = audioOf(voice);
        PcmAudio decoded = WavDecoder.decode(spoken);
        assertThat(decoded.durationSeconds()).isGreaterThan(0.5);
        assertThat(decoded.samples()[0]).as("not silence").satisfies(s -> {
            double peak = 0;
            for (float v : s) {
                peak = Math.max(peak, Math.abs(v));
            }
            assertThat(peak).isGreaterThan(0.05);
        });

        // what the gateway said, heard again: most of the answer's words come back
        String again = finished(transcribe(spoken))
                .get("result")
                .get("transcript")
                .get("text")
                .asText();
        Set<String> answerWords = new HashSet<>(SpokenSentences.words(answer));
        answerWords.removeIf(w -> w.length() < 4);
        Set<String> heardWords = new HashSet<>(SpokenSentences.words(again));
        long found = answerWords.stream().filter(heardWords::contains).count();
        assertThat((double) found / answerWords.size())
                .as("answer: %s%nheard back: %s", answer, again)
                .isGreaterThan(0.5);

        // the produced audio in pieces
        HttpResponse<byte[]> head = send(
                to("/v1/jobs/" + voice + "/audio").header("Range", "bytes=0-43").GET());
        assertThat(head.statusCode()).isEqualTo(206);
        assertThat(head.headers().firstValue("Content-Range")).hasValue("bytes 0-43/" + spoken.length);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("44");
        assertThat(new String(head.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
        HttpResponse<byte[]> tail = send(to("/v1/jobs/" + voice + "/audio")
                .header("Range", "bytes=-1000")
                .GET());
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(spoken, spoken.length - 1000, spoken.length));
        HttpResponse<byte[]> beyond = send(to("/v1/jobs/" + voice + "/audio")
                .header("Range", "bytes=" + spoken.length + "-")
                .GET());
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).hasValue("bytes */" + spoken.length);
        String etag = send(to("/v1/jobs/" + voice + "/audio").GET())
                .headers()
                .firstValue("ETag")
                .orElseThrow();
        assertThat(send(to("/v1/jobs/" + voice + "/audio")
                                .header("If-None-Match", etag)
                                .GET())
                        .statusCode())
                .isEqualTo(304);
        // a job without audio
        HttpResponse<byte[]> none = send(
                to("/v1/jobs/" + question.replace("job_", "job_x") + "/audio").GET());
        assertThat(none.statusCode()).isEqualTo(404);
    }

    private static byte[] multipart(String boundary, byte[] file, String fileType, String... fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < fields.length; i += 2) {
            out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fields[i] + "\"\r\n\r\n"
                            + fields[i + 1] + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                        + "Content-Type: " + fileType + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private HttpResponse<byte[]> openAiTranscription(byte[] file, String fileType, String... fields) {
        String boundary = "gateway-test-boundary";
        return send(to("/v1/audio/transcriptions")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, file, fileType, fields))));
    }

    @Test
    void theOpenAiAudioEndpointsFieldByField() {
        String said = "Your ticket has been opened and a technician will call you back tomorrow morning.";
        HttpResponse<byte[]> speech = send(to("/v1/audio/speech")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tts-1\",\"input\":\"" + said
                        + "\",\"voice\":\"alloy\",\"response_format\":\"wav\"}")));
        assertThat(speech.statusCode())
                .as(new String(speech.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        assertThat(speech.headers().firstValue("Content-Type")).hasValue("audio/wav");
        WavDecoder.Header header = WavDecoder.header(speech.body());
        assertThat(header.durationSeconds()).isGreaterThan(2.0);

        HttpResponse<byte[]> verbose = openAiTranscription(
                speech.body(),
                "audio/wav",
                "model",
                "whisper-1",
                "language",
                "en",
                "response_format",
                "verbose_json",
                "timestamp_granularities[]",
                "word",
                "timestamp_granularities[]",
                "segment");
        assertThat(verbose.statusCode())
                .as(new String(verbose.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        JsonNode v = json(verbose);
        assertThat(v.get("task").asText()).isEqualTo("transcribe");
        assertThat(v.get("language").asText()).isEqualTo("english");
        assertThat(v.get("duration").asDouble())
                .isCloseTo(header.durationSeconds(), org.assertj.core.data.Offset.offset(0.05));
        String text = v.get("text").asText();
        List<String> reference = SpokenSentences.words(said);
        double wer = (double) SpokenSentences.edits(reference, SpokenSentences.words(text)) / reference.size();
        assertThat(wer).as(text).isLessThan(0.25);
        JsonNode segments = v.get("segments");
        assertThat(segments.size()).isGreaterThanOrEqualTo(1);
        JsonNode first = segments.get(0);
        for (String field : List.of(
                "id",
                "seek",
                "start",
                "end",
                "text",
                "tokens",
                "temperature",
                "avg_logprob",
                "compression_ratio",
                "no_speech_prob")) {
            assertThat(first.has(field)).as(field).isTrue();
        }
        assertThat(first.get("id").asInt()).isZero();
        assertThat(first.get("end").asDouble()).isGreaterThan(first.get("start").asDouble());
        assertThat(first.get("avg_logprob").asDouble()).isLessThanOrEqualTo(0.0);
        JsonNode words = v.get("words");
        assertThat(words.size()).isEqualTo(SpokenSentences.words(text).size());
        double previous = 0;
        List<String> joined = new ArrayList<>();
        for (JsonNode w : words) {
            assertThat(w.get("start").asDouble()).isGreaterThanOrEqualTo(previous);
            assertThat(w.get("end").asDouble()).isGreaterThan(w.get("start").asDouble());
            previous = w.get("end").asDouble();
            joined.add(w.get("word").asText());
        }
        assertThat(String.join(" ", joined)).isEqualTo(text);

        HttpResponse<byte[]> plain = openAiTranscription(speech.body(), "audio/wav", "model", "whisper-1");
        assertThat(json(plain).get("text").asText()).isEqualTo(text);
        assertThat(json(plain).size()).isEqualTo(1);
        HttpResponse<byte[]> srt = openAiTranscription(speech.body(), "audio/wav", "response_format", "srt");
        assertThat(new String(srt.body(), StandardCharsets.UTF_8))
                .startsWith("1\n00:00:0")
                .contains(" --> ");
        HttpResponse<byte[]> vtt = openAiTranscription(speech.body(), "audio/wav", "response_format", "vtt");
        assertThat(new String(vtt.body(), StandardCharsets.UTF_8)).startsWith("WEBVTT\n\n00:00:0");
        HttpResponse<byte[]> txt = openAiTranscription(speech.body(), "audio/wav", "response_format", "text");
        assertThat(new String(txt.body(), StandardCharsets.UTF_8)).isEqualTo(text + "\n");

        // errors in OpenAI's shape
        HttpResponse<byte[]> truncated = openAiTranscription(
                java.util.Arrays.copyOf(speech.body(), speech.body().length / 2), "audio/wav", "model", "whisper-1");
        assertThat(truncated.statusCode()).isEqualTo(400);
        JsonNode error = json(truncated).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_audio");
        assertThat(error.get("param").asText()).isEqualTo("file");
        assertThat(error.get("message").asText()).contains("truncated");
    }

    @Test
    void badAudioIsRefusedOverRealHttp() {
        HttpResponse<byte[]> empty = send(to("/v1/speech/transcriptions")
                .header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(json(empty).get("code").asText()).isEqualTo("empty_audio");
        byte[] png = new byte[2000];
        png[0] = (byte) 0x89;
        png[1] = 'P';
        png[2] = 'N';
        png[3] = 'G';
        HttpResponse<byte[]> image = send(
                to("/v1/voice").header("Content-Type", "audio/wav").POST(HttpRequest.BodyPublishers.ofByteArray(png)));
        assertThat(image.statusCode()).isEqualTo(415);
        assertThat(json(image).get("code").asText()).isEqualTo("not_audio");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
