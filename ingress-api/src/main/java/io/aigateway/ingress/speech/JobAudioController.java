package io.aigateway.ingress.speech;

import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.ingress.results.JobLookup;
import io.aigateway.ingress.tenancy.TenantResolver;
import io.aigateway.pipeline.blob.BlobNotFoundException;
import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.schemas.job.BlobRef;
import io.aigateway.schemas.state.JobState;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/jobs/{id}/audio}: the audio a job produced (its tts step's output, {@code result.audio} in the job's
 * state), with its {@code Content-Type}, {@code Content-Length}, a strong {@code ETag} (the SHA-256 of the content) and
 * {@code Accept-Ranges: bytes}. One byte range ({@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}) answers 206
 * with {@code Content-Range}; a range outside the audio answers 416 with {@code Content-Range: bytes *}/length; a list
 * of ranges is answered with the whole audio (200), as RFC 9110 allows. {@code If-None-Match} with the ETag answers
 * 304.
 *
 * <p>Unknown job (or another tenant's): 404 {@code job_not_found}. Job still queued or running without audio yet: 409
 * {@code audio_not_ready} with {@code Retry-After: 1}. Job finished without audio (failed, or a route without tts): 404
 * {@code audio_not_found}.
 */
@RestController("ingressJobAudioController")
public class JobAudioController {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final JobLookup jobs;
    private final BlobStore blobs;
    private final TenantResolver tenants;

    public JobAudioController(JobLookup jobs, BlobStore blobs, TenantResolver tenants) {
        this.jobs = jobs;
        this.blobs = blobs;
        this.tenants = tenants;
    }

    @GetMapping("/v1/jobs/{jobId}/audio")
    public ResponseEntity<byte[]> audio(
            @PathVariable String jobId,
            @RequestHeader(name = HttpHeaders.RANGE, required = false) String range,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            HttpServletRequest request) {
        // right after the job's completed event the store may not have folded it yet: the end seen here counts
        JobState state = jobs.withEndSeen(jobId, tenants.tenantOf(request))
                .orElseThrow(() -> new ApiException(ProblemCode.JOB_NOT_FOUND, "no job " + jobId));
        BlobRef ref = state.result().audio();
        if (ref == null) {
            if (!state.status().isTerminal()) {
                throw new ApiException(
                        ProblemCode.AUDIO_NOT_READY,
                        "job " + jobId + " is " + state.status().id() + " and has produced no audio yet");
            }
            throw new ApiException(
                    ProblemCode.AUDIO_NOT_FOUND,
                    "job " + jobId + " is " + state.status().id() + " and produced no audio");
        }
        String etag = "\"" + ref.sha256() + "\"";
        if (ifNoneMatch != null
                && Arrays.stream(ifNoneMatch.split(","))
                        .map(String::strip)
                        .anyMatch(t -> t.equals(etag) || t.equals("W/" + etag) || t.equals("*"))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        byte[] content;
        try {
            content = blobs.read(ref);
        } catch (BlobNotFoundException e) {
            throw new ApiException(ProblemCode.AUDIO_NOT_FOUND, "the audio of job " + jobId + " is no longer stored");
        }
        MediaType type = MediaType.parseMediaType(ref.contentType() == null ? "audio/wav" : ref.contentType());
        long length = content.length;
        if (range != null && !range.contains(",")) {
            Matcher m = RANGE.matcher(range.strip());
            if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                long first;
                long last;
                if (m.group(1).isEmpty()) { // the last n bytes
                    long n = Long.parseLong(m.group(2));
                    first = Math.max(0, length - n);
                    last = length - 1;
                    if (n == 0) {
                        return unsatisfiable(length, etag);
                    }
                } else {
                    first = Long.parseLong(m.group(1));
                    last = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
                    if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                        return unsatisfiable(length, etag);
                    }
                }
                if (first >= length) {
                    return unsatisfiable(length, etag);
                }
                byte[] part = Arrays.copyOfRange(content, (int) first, (int) last + 1);
                return ResponseEntity.status(HttpStatus.PARTIAL_CONTENT)
                        .contentType(type)
                        .contentLength(part.length)
                        .eTag(etag)
                        .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                        .header(HttpHeaders.CONTENT_RANGE, "bytes " + first + "-" + last + "/" + length)
                        .body(part);
            }
        }
        return ResponseEntity.ok()
                .contentType(type)
                .contentLength(length)
                .eTag(etag)
                .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                .body(content);
    }

    private static ResponseEntity<byte[]> unsatisfiable(long length, String etag) {
        byte[] body = io.aigateway.ingress.problems.Problems.body(
                new ApiException(
                        ProblemCode.RANGE_NOT_SATISFIABLE, "the audio has " + length + " bytes; the range is outside"),
                null);
        return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .eTag(etag)
                .header(HttpHeaders.CONTENT_RANGE, "bytes */" + length)
                .body(body);
    }
}
