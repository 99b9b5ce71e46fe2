package io.aigateway.stt.azure;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.cognitiveservices.speech.CancellationErrorCode;
import com.microsoft.cognitiveservices.speech.CancellationReason;
import io.aigateway.pipeline.failure.ErrorCodes;
import io.aigateway.pipeline.failure.StepException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AzureSpeechErrorsTest {

    @ParameterizedTest
    @CsvSource({
        "ServiceTimeout, provider_timeout, true",
        "TooManyRequests, provider_rate_limited, true",
        "ServiceUnavailable, provider_unavailable, true",
        "ConnectionFailure, provider_unavailable, true",
        "ServiceError, provider_unavailable, true",
        "ServiceRedirectTemporary, provider_unavailable, true",
        "AuthenticationFailure, provider_auth_failed, false",
        "Forbidden, provider_auth_failed, false",
        "BadRequest, provider_rejected, false",
        "ServiceRedirectPermanent, provider_rejected, false",
        "RuntimeError, provider_unavailable, false",
        "EmbeddedModelError, provider_unavailable, false"
    })
    void errorsMapToACodeAndWhetherRetryingMayHelp(CancellationErrorCode code, String expected, boolean retryable) {
        StepException e = AzureSpeechErrors.of(CancellationReason.Error, code, "details from the service")
                .orElseThrow();

        assertThat(e.code()).isEqualTo(expected);
        assertThat(e.retryable()).isEqualTo(retryable);
        assertThat(e.getMessage()).contains(code.name()).contains("details from the service");
    }

    @ParameterizedTest
    @EnumSource(CancellationErrorCode.class)
    void everyErrorCodeIsClassified(CancellationErrorCode code) {
        assertThat(AzureSpeechErrors.of(CancellationReason.Error, code, null)).isPresent();
    }

    @org.junit.jupiter.api.Test
    void theEndOfTheStreamIsNoErrorAndAnUnaskedCancellationIsRetryable() {
        assertThat(AzureSpeechErrors.of(CancellationReason.EndOfStream, CancellationErrorCode.NoError, null))
                .isEmpty();
        StepException e = AzureSpeechErrors.of(CancellationReason.CancelledByUser, CancellationErrorCode.NoError, "")
                .orElseThrow();
        assertThat(e.code()).isEqualTo(ErrorCodes.PROVIDER_UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
    }
}
