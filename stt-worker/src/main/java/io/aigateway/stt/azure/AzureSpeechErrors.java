package io.aigateway.stt.azure;

import com.microsoft.cognitiveservices.speech.CancellationErrorCode;
import com.microsoft.cognitiveservices.speech.CancellationReason;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import java.util.Optional;

/**
 * What a cancellation reported by the Speech SDK means for the job: the SDK reports failures as a
 * {@link CancellationReason} with a {@link CancellationErrorCode}, not as exceptions. Kept apart from the calls so it
 * is testable without the service. The tts worker has the same table (both modules speak to the same service).
 *
 * <ul>
 *   <li>retryable: {@code ServiceTimeout} ({@code provider_timeout}), {@code TooManyRequests}
 *       ({@code provider_rate_limited}), {@code ServiceUnavailable}, {@code ConnectionFailure}, {@code ServiceError},
 *       {@code ServiceRedirectTemporary} ({@code provider_unavailable}), and a cancellation by the user that this
 *       worker did not ask for;
 *   <li>not retryable: {@code AuthenticationFailure}, {@code Forbidden} ({@code provider_auth_failed}),
 *       {@code BadRequest}, {@code ServiceRedirectPermanent} ({@code provider_rejected}), {@code RuntimeError},
 *       {@code EmbeddedModelError} ({@code provider_unavailable}: the SDK or its installation is broken).
 * </ul>
 */
public final class AzureSpeechErrors {

    private AzureSpeechErrors() {}

    /** The failure a cancellation means, or nothing when it is a normal end ({@code EndOfStream}). */
    public static Optional<StepException> of(CancellationReason reason, CancellationErrorCode code, String details) {
        if (reason == CancellationReason.EndOfStream) {
            return Optional.empty();
        }
        String message = "Azure Speech cancelled: " + reason + (code == null ? "" : " " + code)
                + (details == null || details.isBlank() ? "" : " (" + details + ")");
        if (reason == CancellationReason.CancelledByUser || code == null) {
            return Optional.of(StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, message));
        }
        return Optional.of(
                switch (code) {
                    case ServiceTimeout -> StepException.retryable(ErrorCodes.PROVIDER_TIMEOUT, message);
                    case TooManyRequests -> StepException.retryable(ErrorCodes.PROVIDER_RATE_LIMITED, message);
                    case ServiceUnavailable, ConnectionFailure, ServiceError, ServiceRedirectTemporary, NoError ->
                        StepException.retryable(ErrorCodes.PROVIDER_UNAVAILABLE, message);
                    case AuthenticationFailure, Forbidden -> StepException.permanent(ErrorCodes.PROVIDER_AUTH, message);
                    case BadRequest, ServiceRedirectPermanent ->
                        StepException.permanent(ErrorCodes.PROVIDER_REJECTED, message);
                    case RuntimeError, EmbeddedModelError ->
                        StepException.permanent(ErrorCodes.PROVIDER_UNAVAILABLE, message);
                });
    }
}
