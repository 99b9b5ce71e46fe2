package io.aigateway.ingress.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.aigateway.audio.AudioNormalizer;
import io.aigateway.audio.WavDecoder;
import io.aigateway.ingress.correlation.CorrelationFilter;
import io.aigateway.ingress.jobs.BodyLimitFilter;
import io.aigateway.ingress.jobs.JobPublisher;
import io.aigateway.ingress.jobs.JobSubmissions;
import io.aigateway.ingress.jobs.JobValidator;
import io.aigateway.ingress.jobs.JobsController;
import io.aigateway.ingress.jobs.SubmissionProperties;
import io.aigateway.ingress.problems.IngressProblemHandler;
import io.aigateway.ingress.results.JobLookup;
import io.aigateway.ingress.results.RecentlyAccepted;
import io.aigateway.ingress.tenancy.SingleTenantResolver;
import io.aigateway.pipeline.blob.FileSystemBlobStore;
import io.aigateway.pipeline.events.JobEvents;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.BlobRef;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.job.Transcript;
import io.aigateway.schemas.job.Word;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.JobQueries;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;

/**
 * The speech endpoints on MockMvc, wired as the module wires them, over Kafka's {@link MockProducer}, a filesystem blob
 * store in a temporary folder and a result store whose "worker" finishes each published job as the test says. Bad audio
 * of every kind is refused with its code, and nothing is published or stored for it.
 */
class SpeechApiTest {

    @TempDir
    Path blobRoot;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MockProducer<byte[], byte[]> kafka;
    private JobPublisher publisher;
    private JobWaiter waiter;
    private FileSystemBlobStore blobs;
    private MockMvc mvc;
    /** Jobs the test placed in the store by hand. */
    private final Map<String, JobState> stored = new ConcurrentHashMap<>();
    /** What the pipeline does with a published job; null leaves it queued. */
    private volatile Function<JobEnvelope, JobContext> worker;

    @BeforeEach
    void setUp() {
        kafka = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        SubmissionProperties limits = new SubmissionProperties(
                Duration.ofSeconds(5),
                2,
                10,
                Duration.ofMinutes(5),
                DataSize.ofKilobytes(256),
                32_000,
                50,
                8,
                8192,
                50);
        SpeechProperties speech = new SpeechProperties(
                DataSize.ofKilobytes(400),
                Duration.ofSeconds(5),
                false,
                Duration.ofSeconds(10),
                Duration.ofSeconds(2),
                Duration.ofMillis(20),
                5);
        publisher = new JobPublisher(new GatewayProducer(kafka), new JobEvents(), limits, meters);
        RecentlyAccepted recent = new RecentlyAccepted(Clock.systemUTC(), Duration.ofSeconds(60), 100);
        JobLookup lookup = new JobLookup(new PipelineStore(), recent);
        SingleTenantResolver tenants = new SingleTenantResolver("default");
        JobValidator validator = new JobValidator(limits);
        JobSubmissions submissions = new JobSubmissions(publisher, recent, limits, Clock.systemUTC(), meters);
        JobsController jobs = new JobsController(validator, submissions, tenants);
        blobs = new FileSystemBlobStore(blobRoot);
        SpeechUploads uploads =
                new SpeechUploads(new AudioNormalizer(Optional.empty(), speech.maxDuration()), blobs, speech, meters);
        waiter = new JobWaiter(lookup, speech.syncPollInterval());
        mvc = MockMvcBuilders.standaloneSetup(
                        new SpeechController(jobs, validator, uploads, tenants, speech),
                        new JobAudioController(lookup, blobs, tenants),
                        new OpenAiAudioController(submissions, validator, uploads, tenants, waiter, blobs, speech))
                .setControllerAdvice(new IngressProblemHandler())
                .addFilters(
                        new CorrelationFilter(),
                        new SpeechBodyLimit(speech.maxAudioBytes().toBytes()),
                        new BodyLimitFilter(limits.maxBodyBytes().toBytes()))
                .build();
    }

    @AfterEach
    void close() {
        publisher.close();
        waiter.close();
    }

    /** The result store: the test's jobs, and every published job as the worker finished it. */
    private final class PipelineStore implements JobQueries {
        @Override
        public Optional<JobState> job(String jobId) {
            if (stored.containsKey(jobId)) {
                return Optional.of(stored.get(jobId));
            }
            return envelopes().stream()
                    .filter(e -> e.jobId().equals(jobId))
                    .findFirst()
                    .map(e -> {
                        JobContext result = worker == null ? null : worker.apply(e);
                        JobStatus status = result == null ? JobStatus.RUNNING : JobStatus.COMPLETED;
                        return state(jobId, status, result);
                    });
        }

        @Override
        public List<JobEvent> events(String jobId, long afterSeq) {
            return List.of();
        }
    }

    private static JobState state(String jobId, JobStatus status, JobContext result) {
        Instant now = Instant.now();
        return JobState.of(
                jobId, "req_1", "default", null, status, List.of(), result, null, now, now, now.plusSeconds(300), 3);
    }

    private List<JobEnvelope> envelopes() {
        return kafka.history().stream()
                .filter(r -> r.topic().startsWith("gw.step."))
                .map(r -> Json.mapper().readValue(r.value(), JobEnvelope.class))
                .toList();
    }

    /** Performs the request, following an async answer to its end. */
    private MockHttpServletResponse call(RequestBuilder request) throws Exception {
        MvcResult result = mvc.perform(request).andReturn();
        if (result.getRequest().isAsyncStarted()) {
            result.getAsyncResult(10_000);
            return mvc.perform(asyncDispatch(result)).andReturn().getResponse();
        }
        return result.getResponse();
    }

    private static JsonNode json(MockHttpServletResponse response) throws Exception {
        return Json.mapper().readTree(response.getContentAsByteArray());
    }

    private long storedBlobs() throws IOException {
        try (Stream<Path> files = Files.walk(blobRoot)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    // --- audio of every kind, built here independently of the audio module ---

    static byte[] wav(int rate, int channels, int bits, int frames, double hz) {
        int bytes = bits / 8;
        int data = frames * channels * bytes;
        ByteBuffer b = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + data).put("WAVEfmt ".getBytes()).putInt(16);
        b.putShort((short) 1).putShort((short) channels).putInt(rate).putInt(rate * channels * bytes);
        b.putShort((short) (channels * bytes))
                .putShort((short) bits)
                .put("data".getBytes())
                .putInt(data);
        for (int f = 0; f < frames; f++) {
            double v = 0.5 * Math.sin(2 * Math.PI * hz * f / rate);
            for (int c = 0; c < channels; c++) {
                if (bits == 16) {
                    b.putShort((short) Math.round(v * 32767));
                } else {
                    int x = (int) Math.round(v * 8388607);
                    b.put((byte) x).put((byte) (x >> 8)).put((byte) (x >> 16));
                }
            }
        }
        return b.array();
    }

    static byte[] mp4Video() {
        byte[] b = new byte[400];
        System.arraycopy("ftypisom".getBytes(), 0, b, 4, 8);
        System.arraycopy("hdlr".getBytes(), 0, b, 100, 4);
        System.arraycopy("vide".getBytes(), 0, b, 112, 4);
        return b;
    }

    static byte[] oggOpus() {
        byte[] b = new byte[300];
        System.arraycopy("OggS".getBytes(), 0, b, 0, 4);
        b[26] = 1;
        b[27] = 19;
        System.arraycopy("OpusHead".getBytes(), 0, b, 28, 8);
        return b;
    }

    // --- /v1/speech/transcriptions, /v1/voice, /v1/speech/synthesis ---

    @Test
    void aWavOfAnyLayoutIsStoredOnceAs16kMonoAndTheJobCarriesOnlyItsReference() throws Exception {
        byte[] upload = wav(44100, 2, 24, 44100, 440); // 1 s, stereo, 24-bit
        MockHttpServletResponse response = call(post("/v1/speech/transcriptions?language=en-US")
                .contentType("audio/wav")
                .content(upload));
        assertThat(response.getStatus()).isEqualTo(202);
        JsonNode body = json(response);
        assertThat(body.get("route").toString()).isEqualTo("[\"stt\"]");
        assertThat(response.getHeader("Location"))
                .isEqualTo("/v1/jobs/" + body.get("jobId").asText());

        List<ProducerRecord<byte[], byte[]>> steps = kafka.history().stream()
                .filter(r -> r.topic().equals("gw.step.stt"))
                .toList();
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).value().length).isLessThan(4096); // a reference, never the audio
        JobEnvelope envelope = envelopes().get(0);
        assertThat(envelope.options().language()).isEqualTo("en-US");
        BlobRef ref = envelope.input().audio();
        assertThat(ref.contentType()).isEqualTo("audio/wav");
        assertThat(storedBlobs()).isEqualTo(1);
        byte[] normalized = blobs.read(ref);
        WavDecoder.Header header = WavDecoder.header(normalized);
        assertThat(header.sampleRate()).isEqualTo(16000);
        assertThat(header.channels()).isEqualTo(1);
        assertThat(header.bitsPerSample()).isEqualTo(16);
        assertThat(header.durationSeconds()).isEqualTo(1.0);
        assertThat(ref.size()).isEqualTo(normalized.length);
    }

    @Test
    void multipartUploadsAndTheVoiceChain() throws Exception {
        MockMultipartFile file = new MockMultipartFile("file", "q.wav", "audio/wav", wav(8000, 1, 16, 8000, 300));
        MockHttpServletResponse transcription =
                call(multipart("/v1/speech/transcriptions").file(file).param("phrases", "reset, password"));
        assertThat(transcription.getStatus()).isEqualTo(202);
        MockHttpServletResponse voice = call(multipart("/v1/voice").file(file).param("voice", "kevin16"));
        assertThat(voice.getStatus()).isEqualTo(202);
        assertThat(json(voice).get("route").toString()).isEqualTo("[\"stt\",\"rag\",\"llm\",\"tts\"]");
        JobEnvelope chain = envelopes().get(1);
        assertThat(chain.route()).containsExactly(Step.STT, Step.RAG, Step.LLM, Step.TTS);
        assertThat(chain.options().voice()).isEqualTo("kevin16");
        // the same audio twice is the same blob: stored once
        assertThat(chain.input().audio()).isEqualTo(envelopes().get(0).input().audio());
        assertThat(storedBlobs()).isEqualTo(1);
    }

    @Test
    void synthesisIsATtsJob() throws Exception {
        MockHttpServletResponse response = call(post("/v1/speech/synthesis")
                .contentType("application/json")
                .content("{\"text\": \"Your ticket was opened.\", \"voice\": \"kevin16\"}"));
        assertThat(response.getStatus()).isEqualTo(202);
        JobEnvelope envelope = envelopes().get(0);
        assertThat(envelope.route()).containsExactly(Step.TTS);
        assertThat(envelope.input().text()).isEqualTo("Your ticket was opened.");
        assertThat(envelope.options().voice()).isEqualTo("kevin16");
        MockHttpServletResponse empty = call(
                post("/v1/speech/synthesis").contentType("application/json").content("{\"text\": \" \"}"));
        assertThat(empty.getStatus()).isEqualTo(400);
        assertThat(json(empty).get("code").asText()).isEqualTo("missing_input");
    }

    private void refused(RequestBuilder request, int status, String code, String detailPart) throws Exception {
        MockHttpServletResponse response = call(request);
        assertThat(response.getStatus()).as(code).isEqualTo(status);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        JsonNode body = json(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("detail").asText()).contains(detailPart);
        assertThat(body.get("correlationId").asText()).startsWith("req_");
        assertThat(kafka.history()).as("nothing published for " + code).isEmpty();
        assertThat(storedBlobs()).as("nothing stored for " + code).isZero();
    }

    @Test
    void badAudioGetsAClearProblemAndNothingIsPublishedOrStored() throws Exception {
        byte[] good = wav(16000, 1, 16, 16000, 440);
        byte[] truncated = Arrays.copyOf(good, good.length / 2);
        byte[] noise = new byte[20_000];
        new Random(3).nextBytes(noise);
        noise[0] = 0x12;
        byte[] muLaw = wav(8000, 1, 16, 800, 440);
        muLaw[20] = 7;
        byte[] tooLong = wav(8000, 1, 16, 8000 * 6, 440); // 6 s, under the byte limit, over the 5 s limit
        byte[] tooLarge = new byte[420 * 1024];

        refused(
                post("/v1/speech/transcriptions").contentType("audio/wav").content(truncated),
                400,
                "invalid_audio",
                "truncated");
        refused(
                post("/v1/speech/transcriptions").contentType("audio/wav").content(noise),
                400,
                "invalid_audio",
                "not audio in any format");
        refused(
                post("/v1/speech/transcriptions").contentType("video/mp4").content(mp4Video()),
                415,
                "not_audio",
                "video");
        refused(
                post("/v1/speech/transcriptions").contentType("audio/mp4").content(mp4Video()),
                415,
                "not_audio",
                "video");
        refused(post("/v1/speech/transcriptions").contentType("audio/wav"), 400, "empty_audio", "empty");
        refused(
                post("/v1/speech/transcriptions").contentType("audio/wav").content(tooLarge),
                413,
                "payload_too_large",
                "at most 409600");
        refused(
                post("/v1/speech/transcriptions").contentType("audio/wav").content(tooLong),
                413,
                "audio_too_long",
                "6.0 s");
        refused(
                post("/v1/speech/transcriptions").contentType("audio/ogg").content(oggOpus()),
                415,
                "unsupported_audio_format",
                "needs ffmpeg");
        refused(
                post("/v1/speech/transcriptions").contentType("audio/wav").content(muLaw),
                415,
                "unsupported_audio_format",
                "format tag 0x7");
        refused(
                post("/v1/speech/transcriptions").contentType("audio/mpeg").content(good),
                415,
                "content_type_mismatch",
                "the bytes are wav");
        refused(
                multipart("/v1/voice").file(new MockMultipartFile("other", new byte[10])),
                400,
                "empty_audio",
                "'file'");
        refused(
                post("/v1/voice?language=").contentType("audio/wav").content(good),
                400,
                "invalid_request",
                "invalid fields");
        refused(
                post("/v1/speech/transcriptions?phrases=a,b,c,d,e,f")
                        .contentType("audio/wav")
                        .content(good),
                400,
                "invalid_request",
                "phrase list");
    }

    // --- GET /v1/jobs/{id}/audio ---

    @Test
    void theProducedAudioWithRanges() throws Exception {
        byte[] audio = wav(16000, 1, 16, 1600, 440);
        BlobRef ref = blobs.put("default", audio, "audio/wav");
        stored.put(
                "job_done",
                state("job_done", JobStatus.COMPLETED, JobContext.empty().withAudio(ref)));

        MockHttpServletResponse whole = call(get("/v1/jobs/job_done/audio"));
        assertThat(whole.getStatus()).isEqualTo(200);
        assertThat(whole.getContentType()).isEqualTo("audio/wav");
        assertThat(whole.getHeader("Content-Length")).isEqualTo(Integer.toString(audio.length));
        assertThat(whole.getHeader("ETag")).isEqualTo("\"" + ref.sha256() + "\"");
        assertThat(whole.getHeader("Accept-Ranges")).isEqualTo("bytes");
        assertThat(whole.getContentAsByteArray()).isEqualTo(audio);

        MockHttpServletResponse first = call(get("/v1/jobs/job_done/audio").header("Range", "bytes=0-43"));
        assertThat(first.getStatus()).isEqualTo(206);
        assertThat(first.getHeader("Content-Range")).isEqualTo("bytes 0-43/" + audio.length);
        assertThat(first.getContentAsByteArray()).isEqualTo(Arrays.copyOf(audio, 44));

        MockHttpServletResponse open = call(get("/v1/jobs/job_done/audio").header("Range", "bytes=3000-"));
        assertThat(open.getStatus()).isEqualTo(206);
        assertThat(open.getContentAsByteArray()).isEqualTo(Arrays.copyOfRange(audio, 3000, audio.length));
        assertThat(open.getHeader("Content-Length")).isEqualTo(Integer.toString(audio.length - 3000));

        MockHttpServletResponse tail = call(get("/v1/jobs/job_done/audio").header("Range", "bytes=-10"));
        assertThat(tail.getStatus()).isEqualTo(206);
        assertThat(tail.getHeader("Content-Range"))
                .isEqualTo("bytes " + (audio.length - 10) + "-" + (audio.length - 1) + "/" + audio.length);

        MockHttpServletResponse beyond = call(get("/v1/jobs/job_done/audio").header("Range", "bytes=99999-"));
        assertThat(beyond.getStatus()).isEqualTo(416);
        assertThat(beyond.getHeader("Content-Range")).isEqualTo("bytes */" + audio.length);
        assertThat(json(beyond).get("code").asText()).isEqualTo("range_not_satisfiable");

        MockHttpServletResponse several = call(get("/v1/jobs/job_done/audio").header("Range", "bytes=0-1,5-9"));
        assertThat(several.getStatus()).isEqualTo(200);

        MockHttpServletResponse unchanged =
                call(get("/v1/jobs/job_done/audio").header("If-None-Match", whole.getHeader("ETag")));
        assertThat(unchanged.getStatus()).isEqualTo(304);
    }

    @Test
    void audioOfJobsThatHaveNone() throws Exception {
        stored.put("job_running", state("job_running", JobStatus.RUNNING, null));
        stored.put("job_text", state("job_text", JobStatus.COMPLETED, JobContext.empty()));
        MockHttpServletResponse unknown = call(get("/v1/jobs/job_nope/audio"));
        assertThat(unknown.getStatus()).isEqualTo(404);
        assertThat(json(unknown).get("code").asText()).isEqualTo("job_not_found");
        MockHttpServletResponse running = call(get("/v1/jobs/job_running/audio"));
        assertThat(running.getStatus()).isEqualTo(409);
        assertThat(json(running).get("code").asText()).isEqualTo("audio_not_ready");
        assertThat(running.getHeader("Retry-After")).isEqualTo("1");
        MockHttpServletResponse none = call(get("/v1/jobs/job_text/audio"));
        assertThat(none.getStatus()).isEqualTo(404);
        assertThat(json(none).get("code").asText()).isEqualTo("audio_not_found");
    }

    // --- OpenAI-compatible ---

    private static final Transcript HEARD = new Transcript(
            "my password expired please reset it",
            "en-US",
            4.2,
            List.of(
                    new Word("my", 0.3, 0.45, 1.0),
                    new Word("password", 0.45, 1.0, 0.9),
                    new Word("expired", 1.0, 1.6, 1.0),
                    new Word("please", 3.0, 3.3, 1.0),
                    new Word("reset", 3.3, 3.7, 0.8),
                    new Word("it", 3.7, 3.9, 1.0)));

    private RequestBuilder openAiTranscription(String format) {
        return multipart("/v1/audio/transcriptions")
                .file(new MockMultipartFile("file", "a.wav", "audio/wav", wav(16000, 1, 16, 16000, 440)))
                .param("model", "whisper-1")
                .param("response_format", format)
                .param("timestamp_granularities[]", "word", "segment");
    }

    @Test
    void openAiTranscriptionsInEveryFormat() throws Exception {
        worker = envelope -> JobContext.empty().withTranscript(HEARD);

        MockHttpServletResponse plain = call(openAiTranscription("json"));
        assertThat(plain.getStatus()).isEqualTo(200);
        assertThat(json(plain).toString()).isEqualTo("{\"text\":\"my password expired please reset it\"}");

        assertThat(call(openAiTranscription("text")).getContentAsString())
                .isEqualTo("my password expired please reset it\n");

        assertThat(call(openAiTranscription("srt")).getContentAsString())
                .isEqualTo("1\n00:00:00,300 --> 00:00:01,600\nmy password expired\n\n"
                        + "2\n00:00:03,000 --> 00:00:03,900\nplease reset it\n\n");
        assertThat(call(openAiTranscription("vtt")).getContentAsString())
                .isEqualTo("WEBVTT\n\n00:00:00.300 --> 00:00:01.600\nmy password expired\n\n"
                        + "00:00:03.000 --> 00:00:03.900\nplease reset it\n\n");

        JsonNode verbose = json(call(openAiTranscription("verbose_json")));
        assertThat(verbose.get("task").asText()).isEqualTo("transcribe");
        assertThat(verbose.get("language").asText()).isEqualTo("english");
        assertThat(verbose.get("duration").asDouble()).isEqualTo(4.2);
        assertThat(verbose.get("text").asText()).isEqualTo("my password expired please reset it");
        JsonNode segment = verbose.get("segments").get(1);
        assertThat(segment.get("id").asInt()).isEqualTo(1);
        assertThat(segment.get("seek").asInt()).isZero();
        assertThat(segment.get("start").asDouble()).isEqualTo(3.0);
        assertThat(segment.get("end").asDouble()).isEqualTo(3.9);
        assertThat(segment.get("text").asText()).isEqualTo(" please reset it");
        assertThat(segment.get("tokens").isArray()).isTrue();
        assertThat(segment.get("avg_logprob").asDouble())
                .isCloseTo(Math.log(0.8) / 3, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(segment.has("compression_ratio")).isTrue();
        assertThat(segment.get("no_speech_prob").asDouble()).isZero();
        assertThat(segment.get("temperature").asDouble()).isZero();
        JsonNode word = verbose.get("words").get(1);
        assertThat(word.toString()).isEqualTo("{\"word\":\"password\",\"start\":0.45,\"end\":1.0}");
    }

    @Test
    void openAiErrorsComeInOpenAisShape() throws Exception {
        MockHttpServletResponse badFormat = call(openAiTranscription("xml"));
        assertThat(badFormat.getStatus()).isEqualTo(400);
        JsonNode error = json(badFormat).get("error");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.get("param").asText()).isEqualTo("response_format");
        assertThat(error.get("code").asText()).isEqualTo("invalid_value");
        assertThat(error.get("message").asText()).contains("verbose_json");

        MockHttpServletResponse video = call(multipart("/v1/audio/transcriptions")
                .file(new MockMultipartFile("file", "v.mp4", "video/mp4", mp4Video()))
                .param("model", "whisper-1"));
        assertThat(video.getStatus()).isEqualTo(415);
        JsonNode videoError = json(video).get("error");
        assertThat(videoError.get("code").asText()).isEqualTo("not_audio");
        assertThat(videoError.get("param").asText()).isEqualTo("file");
        assertThat(videoError.get("type").asText()).isEqualTo("invalid_request_error");

        MockHttpServletResponse notMultipart =
                call(post("/v1/audio/transcriptions").contentType("audio/wav").content(wav(16000, 1, 16, 100, 440)));
        assertThat(notMultipart.getStatus()).isEqualTo(400);
        assertThat(json(notMultipart).get("error").get("param").asText()).isEqualTo("file");

        MockHttpServletResponse mp3 = call(post("/v1/audio/speech")
                .contentType("application/json")
                .content("{\"model\":\"tts-1\",\"input\":\"hello\",\"voice\":\"alloy\",\"response_format\":\"mp3\"}"));
        assertThat(mp3.getStatus()).isEqualTo(400);
        assertThat(json(mp3).get("error").get("code").asText()).isEqualTo("unsupported_response_format");

        MockHttpServletResponse noInput =
                call(post("/v1/audio/speech").contentType("application/json").content("{\"model\":\"tts-1\"}"));
        assertThat(json(noInput).get("error").get("param").asText()).isEqualTo("input");
        MockHttpServletResponse broken =
                call(post("/v1/audio/speech").contentType("application/json").content("{\"input\":"));
        assertThat(json(broken).get("error").get("code").asText()).isEqualTo("invalid_json");
        assertThat(kafka.history()).isEmpty();
    }

    @Test
    void openAiSpeechAnswersTheProducedAudio() throws Exception {
        byte[] produced = wav(16000, 1, 16, 8000, 220);
        worker = envelope -> JobContext.empty().withAudio(blobs.put("default", produced, "audio/wav"));
        MockHttpServletResponse wav = call(post("/v1/audio/speech")
                .contentType("application/json")
                .content("{\"model\":\"tts-1\",\"input\":\"Your ticket is open.\",\"voice\":\"alloy\"}"));
        assertThat(wav.getStatus()).isEqualTo(200);
        assertThat(wav.getContentType()).isEqualTo("audio/wav");
        assertThat(wav.getContentAsByteArray()).isEqualTo(produced);
        JobEnvelope envelope = envelopes().get(0);
        assertThat(envelope.input().text()).isEqualTo("Your ticket is open.");
        assertThat(envelope.options().voice())
                .as("OpenAI voice names mean the default voice")
                .isNull();

        MockHttpServletResponse pcm = call(post("/v1/audio/speech")
                .contentType("application/json")
                .content("{\"input\":\"x\",\"voice\":\"kevin16\",\"response_format\":\"pcm\"}"));
        assertThat(pcm.getContentAsByteArray()).isEqualTo(Arrays.copyOfRange(produced, 44, produced.length));
        assertThat(envelopes().get(1).options().voice()).isEqualTo("kevin16");
    }

    @Test
    void aJobStillRunningAtTheTimeoutIsNamedForFollowUp() throws Exception {
        worker = null; // the pipeline never finishes
        MockHttpServletResponse response = call(post("/v1/audio/speech")
                .contentType("application/json")
                .content("{\"model\":\"tts-1\",\"input\":\"slow\",\"voice\":\"alloy\"}"));
        assertThat(response.getStatus()).isEqualTo(202);
        JsonNode body = json(response);
        String jobId = body.get("jobId").asText();
        assertThat(jobId).startsWith("job_");
        assertThat(body.get("status").asText()).isEqualTo("running");
        assertThat(body.get("links").get("self").asText()).isEqualTo("/v1/jobs/" + jobId);
        assertThat(response.getHeader("Location")).isEqualTo("/v1/jobs/" + jobId);
    }
}
