package io.aigateway.rag.mock;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.rag.retrieve.RetrievalQuery;
import io.aigateway.schemas.job.Passage;
import java.util.List;
import org.junit.jupiter.api.Test;

class MockRetrieverTest {

    private final MockRetriever retriever = MockRetriever.withBuiltInCorpus();

    @Test
    void theBuiltInCorpusIsASmallServiceDeskKnowledgeBase() {
        assertThat(retriever.size()).isBetween(8, 12);
    }

    @Test
    void findsTheArticleThatAnswersTheQuestionFirst() {
        assertThat(top("How do I reset my password?")).isEqualTo("kb-password-reset");
        assertThat(top("My VPN keeps disconnecting")).isEqualTo("kb-vpn");
        assertThat(top("How do I connect to the office Wi-Fi?")).isEqualTo("kb-wifi");
        assertThat(top("The printer on floor 3 is jammed")).isEqualTo("kb-printer");
        assertThat(top("Is the mail server down?")).isEqualTo("kb-email");
        assertThat(top("My laptop battery drains quickly")).isEqualTo("kb-laptop-battery");
    }

    @Test
    void passagesAreWholeDocumentsAsChunkZeroFromSourceMockRankedByScore() {
        List<Passage> passages = retriever.retrieve(new RetrievalQuery("t", "password reset for my laptop", 5));

        assertThat(passages).hasSizeGreaterThan(1).hasSizeLessThanOrEqualTo(5);
        assertThat(passages).allSatisfy(p -> {
            assertThat(p.chunk()).isZero();
            assertThat(p.source()).isEqualTo("mock");
            assertThat(p.title()).isNotBlank();
            assertThat(p.text()).isNotBlank();
            assertThat(p.score()).isGreaterThan(0).isLessThanOrEqualTo(1);
        });
        assertThat(passages).extracting(Passage::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(passages.get(0).documentId()).isEqualTo("kb-password-reset");
        assertThat(passages.get(0).score()).isEqualTo(1.0);
    }

    @Test
    void returnsAtMostTopK() {
        assertThat(retriever.retrieve(new RetrievalQuery("t", "service desk laptop password phone", 2)))
                .hasSize(2);
    }

    @Test
    void aQuestionSharingNoWordWithTheCorpusFindsNothing() {
        assertThat(retriever.retrieve(new RetrievalQuery("t", "Quantum chromodynamics of gluons", 5)))
                .isEmpty();
        assertThat(retriever.retrieve(new RetrievalQuery("t", "is it the?", 5))).isEmpty();
    }

    @Test
    void theSameQueryGivesTheSamePassages() {
        RetrievalQuery query = new RetrievalQuery("t", "new phone for multi-factor sign-in", 4);

        assertThat(retriever.retrieve(query))
                .isEqualTo(MockRetriever.withBuiltInCorpus().retrieve(query));
    }

    @Test
    void aTieGoesToTheDocumentWhoseTitleMatches() {
        MockRetriever two = new MockRetriever(List.of(
                new CorpusDocument("a", "Other things", "Printers are mentioned here."),
                new CorpusDocument("b", "Printers", "Paper goes in the tray.")));

        assertThat(two.retrieve(new RetrievalQuery("t", "printer", 2)))
                .extracting(Passage::documentId)
                .containsExactly("b", "a");
    }

    private String top(String question) {
        List<Passage> passages = retriever.retrieve(new RetrievalQuery("t", question, 3));
        assertThat(passages).as("passages for %s", question).isNotEmpty();
        return passages.get(0).documentId();
    }
}
