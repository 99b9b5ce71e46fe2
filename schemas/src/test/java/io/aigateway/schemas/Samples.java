package io.aigateway.schemas;

import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.event.JobAccepted;
import io.aigateway.schemas.event.JobCancelled;
import io.aigateway.schemas.event.JobCompleted;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.event.JobFailed;
import io.aigateway.schemas.event.StepCompleted;
import io.aigateway.schemas.event.StepDelta;
import io.aigateway.schemas.event.StepStarted;
import io.aigateway.schemas.job.Answer;
import io.aigateway.schemas.job.BlobRef;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.JobContext;
import io.aigateway.schemas.job.JobEnvelope;
import io.aigateway.schemas.job.JobInput;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Passage;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.job.Transcript;
import io.aigateway.schemas.job.Usage;
import io.aigateway.schemas.job.Word;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.state.StepState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Realistic messages of every kind: a fully populated one (every optional field set, even where a real job would not
 * have it yet; times with nanoseconds) and a minimal one (only what the writer always fills). The job is a voice chain:
 * audio in, transcript, passages, answer, speech.
 */
final class Samples {

    static final String JOB = "j-3f9c1e7a2b6d4e08a1c5";
    static final String CORRELATION = "req-7d2e91";
    static final String TENANT = "acme";
    static final String BATCH = "b-2025-03-14-0001";
    static final Instant CREATED = Instant.parse("2025-03-14T09:26:53.589793238Z");
    static final Instant DEADLINE = Instant.parse("2025-03-14T09:28:53Z");
    static final List<Step> VOICE_CHAIN = List.of(Step.STT, Step.RAG, Step.LLM, Step.TTS);

    private static final String QUESTION_SHA = "9b74c9897bac770ffc029102a200c5de7a6d0f3e2b1a8d4c6e5f7a9b0c1d2e3f";
    private static final String ANSWER_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /** As the file-system blob store names it. */
    static final BlobRef QUESTION_AUDIO = new BlobRef("fs:acme/9b/" + QUESTION_SHA, 182_444, QUESTION_SHA, "audio/wav");

    /** As an Azure blob URL. */
    static final BlobRef ANSWER_AUDIO = new BlobRef(
            "https://gwblobs.blob.core.windows.net/audio/acme/e3/" + ANSWER_SHA, 96_000, ANSWER_SHA, "audio/mpeg");

    static final Transcript TRANSCRIPT = new Transcript(
            "how long is the warranty",
            "en-US",
            1.92,
            List.of(
                    new Word("how", 0.12, 0.31, 0.98),
                    new Word("long", 0.31, 0.58, 0.97),
                    new Word("is", 0.58, 0.70, 0.99),
                    new Word("the", 0.70, 0.81, 0.99),
                    new Word("warranty", 0.81, 1.44, 0.91)));

    static final List<Passage> PASSAGES = List.of(
            new Passage(
                    "doc-warranty",
                    "Warranty terms",
                    3,
                    "Every device carries a two-year warranty.",
                    0.87,
                    "https://docs.acme.example/warranty.pdf"),
            new Passage("doc-faq", "FAQ", 11, "Extended warranty adds one year.", 0.64, "kb://faq/11"));

    static final Answer ANSWER = new Answer(
            "The warranty lasts two years, three with the extension.",
            "gpt-4o-mini",
            412,
            17,
            "stop",
            new Usage("azure-east", 429, false, 0.000072, "USD"));

    static final JobContext FULL_CONTEXT = new JobContext(TRANSCRIPT, PASSAGES, ANSWER, ANSWER_AUDIO);

    static final ErrorInfo ERROR =
            new ErrorInfo("provider_unavailable", "the chat model answered 503 three times", true);

    private Samples() {}

    static JobEnvelope fullEnvelope() {
        return new JobEnvelope(
                SchemaVersion.CURRENT,
                JOB,
                CORRELATION,
                TENANT,
                BATCH,
                CREATED,
                DEADLINE,
                VOICE_CHAIN,
                3,
                9,
                new JobInput(
                        "and the extension?",
                        List.of(
                                new ChatMessage("system", "Answer from the passages only."),
                                new ChatMessage("user", "Do you sell extensions?"),
                                new ChatMessage("assistant", "Yes, for one more year.")),
                        QUESTION_AUDIO),
                new JobOptions(
                        "en-US",
                        "en-US-JennyNeural",
                        "gpt-4o-mini",
                        512,
                        0.2,
                        4,
                        true,
                        List.of("VPN", "Contoso"),
                        true),
                FULL_CONTEXT);
    }

    /** What the ingress creates for a plain text job: no batch, no deadline, default options, empty context. */
    static JobEnvelope minimalEnvelope() {
        return JobEnvelope.create(
                JOB, JOB, TENANT, null, CREATED, null, List.of(Step.LLM), JobInput.ofText("Hello"), null);
    }

    /** Every kind of event, fully populated and minimal, by a name that reads well in a test report. */
    static Map<String, Supplier<JobEvent>> events() {
        return Map.ofEntries(
                Map.entry(
                        "accepted, full",
                        () -> new JobAccepted(1, JOB, CORRELATION, TENANT, 0, CREATED, BATCH, VOICE_CHAIN, DEADLINE)),
                Map.entry(
                        "accepted, minimal",
                        () -> new JobAccepted(1, JOB, JOB, TENANT, 0, CREATED, null, List.of(Step.LLM), null)),
                Map.entry(
                        "step_started, full",
                        () -> new StepStarted(
                                1, JOB, CORRELATION, TENANT, 7, CREATED.plusMillis(900), Step.LLM, "azure-openai", 2)),
                Map.entry(
                        "step_started, minimal",
                        () -> new StepStarted(1, JOB, JOB, TENANT, 1, CREATED, Step.STT, "mock", 0)),
                Map.entry(
                        "delta, full",
                        () -> new StepDelta(
                                1,
                                JOB,
                                CORRELATION,
                                TENANT,
                                8,
                                CREATED.plusMillis(1_150),
                                Step.LLM,
                                "azure-openai",
                                "The warranty lasts")),
                Map.entry("delta, minimal", () -> new StepDelta(1, JOB, JOB, TENANT, 2, CREATED, Step.STT, "mock", "")),
                Map.entry(
                        "step_completed, full",
                        () -> new StepCompleted(
                                1,
                                JOB,
                                CORRELATION,
                                TENANT,
                                9,
                                CREATED.plusMillis(2_020),
                                Step.LLM,
                                "azure-openai",
                                1_120,
                                JobContext.empty().withAnswer(ANSWER))),
                Map.entry(
                        "step_completed, minimal",
                        () -> new StepCompleted(1, JOB, JOB, TENANT, 2, CREATED, Step.RAG, "mock", 0, null)),
                Map.entry(
                        "completed, full",
                        () -> new JobCompleted(1, JOB, CORRELATION, TENANT, 12, CREATED.plusSeconds(3), FULL_CONTEXT)),
                Map.entry(
                        "completed, minimal",
                        () -> new JobCompleted(1, JOB, JOB, TENANT, 3, CREATED, JobContext.empty())),
                Map.entry(
                        "failed, full",
                        () -> new JobFailed(
                                1,
                                JOB,
                                CORRELATION,
                                TENANT,
                                8,
                                CREATED.plusSeconds(31),
                                Step.LLM,
                                "azure-openai",
                                ERROR)),
                Map.entry(
                        "failed, minimal",
                        () -> new JobFailed(
                                1,
                                JOB,
                                JOB,
                                TENANT,
                                1,
                                CREATED,
                                null,
                                null,
                                new ErrorInfo("deadline_exceeded", "the job passed its deadline", false))),
                Map.entry(
                        "cancelled, full",
                        () -> new JobCancelled(
                                1, JOB, CORRELATION, TENANT, 5, CREATED.plusSeconds(2), "cancelled by the client")),
                Map.entry("cancelled, minimal", () -> new JobCancelled(1, JOB, JOB, TENANT, 1, CREATED, null)));
    }

    static JobState fullState() {
        return new JobState(
                SchemaVersion.CURRENT,
                JOB,
                CORRELATION,
                TENANT,
                BATCH,
                JobStatus.FAILED,
                List.of(
                        new StepState(
                                Step.STT,
                                JobStatus.COMPLETED,
                                "mock",
                                CREATED.plusMillis(40),
                                CREATED.plusMillis(640),
                                600L,
                                null),
                        new StepState(
                                Step.RAG,
                                JobStatus.COMPLETED,
                                "azure-search",
                                CREATED.plusMillis(700),
                                CREATED.plusMillis(890),
                                190L,
                                null),
                        new StepState(
                                Step.LLM,
                                JobStatus.FAILED,
                                "azure-openai",
                                CREATED.plusMillis(900),
                                CREATED.plusSeconds(31),
                                30_100L,
                                ERROR),
                        StepState.pending(Step.TTS)),
                new JobContext(TRANSCRIPT, PASSAGES, null, null),
                ERROR,
                CREATED,
                CREATED.plusSeconds(31),
                DEADLINE,
                8);
    }

    /** Only what the writer always fills: no batch, error, creation time or deadline; an empty result. */
    static JobState minimalState() {
        return JobState.of(
                JOB,
                JOB,
                TENANT,
                null,
                JobStatus.QUEUED,
                List.of(StepState.pending(Step.LLM)),
                null,
                null,
                null,
                CREATED,
                null,
                0);
    }
}
