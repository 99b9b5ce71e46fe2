package io.aigateway.rag.mock;

import io.aigateway.pipeline.text.Terms;
import io.aigateway.rag.retrieve.RetrievalQuery;
import io.aigateway.rag.retrieve.Retriever;
import io.aigateway.schemas.job.Passage;
import io.aigateway.schemas.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A <b>mock</b> retriever: deterministic and offline, over a small built-in corpus of IT service-desk articles
 * (password reset, lockouts, VPN, Wi-Fi, printers, laptops, multi-factor authentication, email, accounts, software).
 * It lets the gateway run and be tested end to end without a search index; real providers (Lucene locally, Azure AI
 * Search in production) come as adapters beside it.
 *
 * <p>Ranking is plain term overlap: the query and each document (title and text) are reduced to their content words
 * (lower case, stopwords removed); a document's score is the share of the query's words it contains, ties going to
 * the document matching more of them in its title, then to corpus order. Documents sharing no word with the query are
 * not returned, so an unrelated question gets no passages. Every passage is the whole document as chunk 0, source
 * {@code mock}. The corpus is the same for every tenant.
 */
public final class MockRetriever implements Retriever {

    public static final String SOURCE = "mock";
    static final String CORPUS = "/io/aigateway/rag/mock/service-desk-corpus.json";

    private final List<Indexed> corpus;

    public MockRetriever(List<CorpusDocument> documents) {
        this.corpus = documents.stream()
                .map(d -> new Indexed(d, Terms.of(d.title() + " " + d.text()), Terms.of(d.title())))
                .toList();
    }

    /** The retriever over the built-in service-desk corpus. */
    public static MockRetriever withBuiltInCorpus() {
        try (InputStream in = MockRetriever.class.getResourceAsStream(CORPUS)) {
            if (in == null) {
                throw new IllegalStateException("mock retriever corpus missing from the classpath: " + CORPUS);
            }
            return new MockRetriever(List.of(Json.mapper().readValue(in, CorpusDocument[].class)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mock retriever corpus " + CORPUS, e);
        }
    }

    public int size() {
        return corpus.size();
    }

    @Override
    public List<Passage> retrieve(RetrievalQuery query) {
        Set<String> wanted = Terms.of(query.text());
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<Scored> hits = new ArrayList<>();
        for (int position = 0; position < corpus.size(); position++) {
            Indexed doc = corpus.get(position);
            int matched = shared(doc.terms(), wanted);
            if (matched > 0) {
                hits.add(new Scored(doc, (double) matched / wanted.size(), shared(doc.titleTerms(), wanted), position));
            }
        }
        return hits.stream()
                .sorted(Comparator.comparingDouble(Scored::score)
                        .reversed()
                        .thenComparing(
                                Comparator.comparingInt(Scored::titleMatches).reversed())
                        .thenComparingInt(Scored::position))
                .limit(query.topK())
                .map(s -> new Passage(
                        s.doc().document().documentId(),
                        s.doc().document().title(),
                        0,
                        s.doc().document().text(),
                        s.score(),
                        SOURCE))
                .toList();
    }

    private static int shared(Set<String> terms, Set<String> wanted) {
        int shared = 0;
        for (String term : wanted) {
            if (terms.contains(term)) {
                shared++;
            }
        }
        return shared;
    }

    private record Indexed(CorpusDocument document, Set<String> terms, Set<String> titleTerms) {}

    private record Scored(Indexed doc, double score, int titleMatches, int position) {}
}
