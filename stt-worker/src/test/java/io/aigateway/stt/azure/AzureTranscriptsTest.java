package io.aigateway.stt.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.schemas.job.Word;
import org.junit.jupiter.api.Test;

class AzureTranscriptsTest {

    /** A phrase as the service sends it in the detailed format with word-level timestamps (shape from the docs). */
    private static final String DETAILED = """
            {"Id":"b7f4","RecognitionStatus":"Success","Offset":5000000,"Duration":17000000,
             "DisplayText":"Reset my password.",
             "NBest":[{"Confidence":0.91,"Lexical":"reset my password","ITN":"reset my password",
               "MaskedITN":"reset my password","Display":"Reset my password.",
               "Words":[{"Word":"reset","Offset":5000000,"Duration":4000000,"Confidence":0.97},
                        {"Word":"my","Offset":9000000,"Duration":2000000},
                        {"Word":"password","Offset":11000000,"Duration":11000000,"Confidence":0.88}]}]}
            """;

    @Test
    void mapsTheBestAlternativesWordsFromTicksToSeconds() {
        AzureTranscripts.Phrase phrase = AzureTranscripts.phrase(DETAILED);

        assertThat(phrase.text()).isEqualTo("Reset my password.");
        assertThat(phrase.words())
                .containsExactly(
                        new Word("reset", 0.5, 0.9, 0.97),
                        new Word("my", 0.9, 1.1, 0.91),
                        new Word("password", 1.1, 2.2, 0.88));
    }

    @Test
    void withoutDisplayTextTheLexicalFormIsTheText() {
        AzureTranscripts.Phrase phrase =
                AzureTranscripts.phrase("{\"NBest\":[{\"Confidence\":0.5,\"Lexical\":\"hello there\",\"Words\":[]}]}");

        assertThat(phrase.text()).isEqualTo("hello there");
        assertThat(phrase.words()).isEmpty();
    }

    @Test
    void aPhraseWithoutAlternativesHasNoWords() {
        assertThat(AzureTranscripts.phrase("{\"DisplayText\":\"\"}").text()).isEmpty();
    }
}
