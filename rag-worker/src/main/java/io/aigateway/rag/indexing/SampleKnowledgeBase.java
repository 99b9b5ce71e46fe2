package io.aigateway.rag.indexing;

import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.schemas.document.RagDocument;
import io.aigateway.schemas.topic.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sample knowledge base written for this project: about thirty short IT service-desk articles in Markdown
 * ({@code src/main/resources/io/aigateway/rag/samplekb/}, listed in {@code articles.txt}). The local default publishes
 * them to {@code gw.documents} at its first start, through the same topic as any document, so a new user's first
 * question gets a grounded answer and every instance indexes them like any other document.
 */
public final class SampleKnowledgeBase {

    public static final String SOURCE = "sample-kb";
    static final String FOLDER = "/io/aigateway/rag/samplekb/";

    private static final Logger log = LoggerFactory.getLogger(SampleKnowledgeBase.class);

    /** One article: its id (the file name without {@code .md}), title (its first heading) and Markdown. */
    public record Article(String id, String title, String markdown) {}

    private SampleKnowledgeBase() {}

    public static List<Article> articles() {
        List<Article> articles = new ArrayList<>();
        for (String file : read("articles.txt").lines().map(String::trim).toList()) {
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            String markdown = read(file);
            String title = markdown.lines()
                    .filter(l -> l.startsWith("# "))
                    .findFirst()
                    .map(l -> l.substring(2).trim())
                    .orElseThrow(() -> new IllegalStateException("sample article " + file + " has no # title"));
            articles.add(new Article(file.replaceFirst("\\.md$", ""), title, markdown));
        }
        return articles;
    }

    /** The articles as documents of the tenant. */
    public static List<RagDocument> documents(String tenant, Instant now) {
        return articles().stream()
                .map(a ->
                        RagDocument.inline(tenant, a.id(), a.title(), RagDocument.MARKDOWN, a.markdown(), SOURCE, now))
                .toList();
    }

    /** Publishes every article for the tenant to {@code gw.documents} and waits for the broker's acknowledgements. */
    public static void publish(GatewayProducer producer, String tenant) {
        List<RagDocument> documents = documents(tenant, Instant.now());
        CompletableFuture<?>[] sent = documents.stream()
                .map(d -> producer.send(Topics.DOCUMENTS, d.key(), d, null))
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(sent).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the sample knowledge base", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish the sample knowledge base: " + e, e);
        }
        log.info("published the sample knowledge base ({} articles) for tenant {}", documents.size(), tenant);
    }

    private static String read(String file) {
        try (InputStream in = SampleKnowledgeBase.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("sample knowledge base file missing: " + FOLDER + file);
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                return String.join("\n", r.lines().toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
