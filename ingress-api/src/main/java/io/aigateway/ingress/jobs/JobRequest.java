package io.aigateway.ingress.jobs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.aigateway.schemas.job.ChatMessage;
import io.aigateway.schemas.job.JobOptions;
import java.util.List;

/**
 * The body of {@code POST /v1/jobs}. Steps are read as strings so that an unknown one is answered with {@code
 * unknown_step} rather than a parse error.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobRequest(List<String> route, Input input, JobOptions options) {

    /**
     * What the job starts from.
     *
     * @param audio not accepted from clients here: audio arrives through the speech endpoints, which store it and pass
     *     a reference; any value is refused with {@code audio_not_supported_here}
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Input(String text, List<ChatMessage> messages, Object audio) {}
}
