package io.aigateway.schemas.job;

import java.util.List;

/**
 * What the finished steps of a job produced. Each step fills in its own part and copies the rest, so the envelope that
 * reaches the last step carries everything the job made so far.
 *
 * @param audio the synthesized speech, by reference
 */
public record JobContext(Transcript transcript, List<Passage> passages, Answer answer, BlobRef audio) {

    public JobContext {
        passages = passages == null ? null : List.copyOf(passages);
    }

    public static JobContext empty() {
        return new JobContext(null, null, null, null);
    }

    public JobContext withTranscript(Transcript value) {
        return new JobContext(value, passages, answer, audio);
    }

    public JobContext withPassages(List<Passage> value) {
        return new JobContext(transcript, value, answer, audio);
    }

    public JobContext withAnswer(Answer value) {
        return new JobContext(transcript, passages, value, audio);
    }

    public JobContext withAudio(BlobRef value) {
        return new JobContext(transcript, passages, answer, value);
    }

    /** The parts of {@code other} that are set, laid over this context. */
    public JobContext merge(JobContext other) {
        if (other == null) {
            return this;
        }
        return new JobContext(
                other.transcript != null ? other.transcript : transcript,
                other.passages != null ? other.passages : passages,
                other.answer != null ? other.answer : answer,
                other.audio != null ? other.audio : audio);
    }
}
