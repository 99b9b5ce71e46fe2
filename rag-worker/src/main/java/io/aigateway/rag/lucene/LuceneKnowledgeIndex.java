package io.aigateway.rag.lucene;

import io.aigateway.rag.documents.Chunker;
import io.aigateway.rag.embed.Embedder;
import io.aigateway.schemas.job.Passage;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.QueryBuilder;

/**
 * One persistent Lucene index of every tenant's document chunks, searched by BM25 over title and text and by cosine
 * similarity of MiniLM vectors ({@link KnnFloatVectorField}), the two rankings merged by reciprocal rank fusion.
 *
 * <p>Every chunk carries its tenant as an indexed keyword, and every query filters on it on both sides: a filter
 * clause of the BM25 query, and the filter of the kNN query (searched inside the filter, not post-filtered, so a
 * tenant with few documents still gets its nearest ones and never another tenant's). A document is replaced whole:
 * its chunks are deleted by the document key, then the new ones added.
 *
 * <p>Changes become visible on {@link #commit(Map)}, which also stores the caller's user data (the topic offsets
 * applied) in the same Lucene commit, so the index and the position it was built up to can never disagree after a
 * crash. One thread writes; any number search.
 */
public final class LuceneKnowledgeIndex implements Closeable {

    static final String KEY = "key";
    static final String TENANT = "tenant";
    static final String DOC_ID = "docId";
    static final String TITLE = "title";
    static final String TEXT = "text";
    static final String CHUNK = "chunk";
    static final String SOURCE = "source";
    static final String VERSION = "version";
    static final String VECTOR = "vector";
    static final float TITLE_BOOST = 2f;

    private final Path dir;
    private final Embedder embedder;
    private final Chunker chunker;
    private final int rrfK;
    private final Analyzer analyzer = new EnglishAnalyzer();
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private boolean closed;

    public LuceneKnowledgeIndex(Path dir, Embedder embedder, Chunker chunker, int rrfK) {
        if (rrfK < 1) {
            throw new IllegalArgumentException("the reciprocal rank fusion constant k must be at least 1, was " + rrfK);
        }
        this.dir = dir;
        this.embedder = embedder;
        this.chunker = chunker;
        this.rrfK = rrfK;
        try {
            Files.createDirectories(dir);
            this.directory = FSDirectory.open(dir);
            IndexWriterConfig config = new IndexWriterConfig(analyzer);
            config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            config.setCommitOnClose(false); // only commit(...) stores offsets; a close never writes a half state
            this.writer = new IndexWriter(directory, config);
            if (!DirectoryReader.indexExists(directory)) {
                writer.commit();
            }
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the retrieval index in " + dir, e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The user data of the last commit (for the indexer: the offsets it applied up to). */
    public Map<String, String> committedData() {
        Map<String, String> data = new HashMap<>();
        Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
        if (live != null) {
            live.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        return data;
    }

    /**
     * Replaces the document's chunks (uncommitted until {@link #commit}); returns how many chunks it now has. The
     * title is embedded with every chunk, so a chunk that does not repeat its subject still finds it.
     */
    public int upsert(String tenant, String documentId, String title, String text, String source, long version) {
        String key = key(tenant, documentId);
        List<String> chunks = chunker.chunks(text);
        String heading = title == null ? "" : title;
        List<float[]> vectors = embedder.embedAll(chunks.stream()
                .map(c -> heading.isBlank() ? c : heading + "\n" + c)
                .toList());
        List<Document> docs = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            Document d = new Document();
            d.add(new StringField(KEY, key, Field.Store.NO));
            d.add(new StringField(TENANT, tenant, Field.Store.YES));
            d.add(new StringField(DOC_ID, documentId, Field.Store.YES));
            d.add(new TextField(TITLE, heading, Field.Store.YES));
            d.add(new TextField(TEXT, chunks.get(i), Field.Store.YES));
            d.add(new StoredField(CHUNK, i));
            d.add(new IntPoint(CHUNK, i));
            d.add(new StoredField(SOURCE, source == null ? "" : source));
            d.add(new StoredField(VERSION, version));
            d.add(new KnnFloatVectorField(VECTOR, vectors.get(i), VectorSimilarityFunction.COSINE));
            docs.add(d);
        }
        try {
            writer.updateDocuments(new Term(KEY, key), docs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index document " + key, e);
        }
        return chunks.size();
    }

    /** Removes the document's chunks (uncommitted until {@link #commit}). */
    public void delete(String tenant, String documentId) {
        try {
            writer.deleteDocuments(new Term(KEY, key(tenant, documentId)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete document " + key(tenant, documentId), e);
        }
    }

    /** Removes everything (uncommitted until {@link #commit}); for a rebuild from the topic's beginning. */
    public void clear() {
        try {
            writer.deleteAll();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the retrieval index", e);
        }
    }

    /** Makes every change durable together with {@code userData}, then visible to searches. */
    public void commit(Map<String, String> userData) {
        try {
            writer.setLiveCommitData(new TreeMap<>(userData).entrySet());
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the retrieval index in " + dir, e);
        }
    }

    /** The tenant's best passages for the query, at most {@code topK}, best first. */
    public List<Passage> search(String tenant, String query, int topK, SearchMode mode, int candidates) {
        int pool = Math.max(topK, candidates);
        Query tenantFilter = new TermQuery(new Term(TENANT, tenant));
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                List<ScoreDoc> bm25 = mode == SearchMode.VECTOR ? List.of() : bm25(searcher, tenantFilter, query, pool);
                List<ScoreDoc> knn = mode == SearchMode.BM25 ? List.of() : knn(searcher, tenantFilter, query, pool);
                Map<Integer, Double> fused = switch (mode) {
                    case BM25 -> scores(bm25);
                    case VECTOR -> scores(knn);
                    case HYBRID -> fuse(List.of(bm25, knn));
                };
                List<Passage> passages = new ArrayList<>();
                fused.entrySet().stream()
                        .sorted(Map.Entry.<Integer, Double>comparingByValue().reversed())
                        .limit(topK)
                        .forEach(e -> passages.add(passage(searcher, e.getKey(), e.getValue())));
                return passages;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot search the retrieval index", e);
        }
    }

    private List<ScoreDoc> bm25(IndexSearcher searcher, Query tenantFilter, String text, int n) throws IOException {
        QueryBuilder builder = new QueryBuilder(analyzer);
        Query title = builder.createBooleanQuery(TITLE, text);
        Query body = builder.createBooleanQuery(TEXT, text);
        if (title == null && body == null) {
            return List.of(); // only stopwords
        }
        BooleanQuery.Builder words = new BooleanQuery.Builder();
        if (title != null) {
            words.add(new BoostQuery(title, TITLE_BOOST), BooleanClause.Occur.SHOULD);
        }
        if (body != null) {
            words.add(body, BooleanClause.Occur.SHOULD);
        }
        Query q = new BooleanQuery.Builder()
                .add(words.build(), BooleanClause.Occur.MUST)
                .add(tenantFilter, BooleanClause.Occur.FILTER)
                .build();
        return List.of(searcher.search(q, n).scoreDocs);
    }

    private List<ScoreDoc> knn(IndexSearcher searcher, Query tenantFilter, String text, int n) throws IOException {
        if (text.isBlank()) {
            return List.of();
        }
        TopDocs top = searcher.search(new KnnFloatVectorQuery(VECTOR, embedder.embed(text), n, tenantFilter), n);
        return List.of(top.scoreDocs);
    }

    private static Map<Integer, Double> scores(List<ScoreDoc> ranked) {
        Map<Integer, Double> scores = new LinkedHashMap<>();
        ranked.forEach(d -> scores.put(d.doc, (double) d.score));
        return scores;
    }

    /** Reciprocal rank fusion: each list adds 1 / (k + rank) for each document it ranks (rank from 1). */
    private Map<Integer, Double> fuse(List<List<ScoreDoc>> rankings) {
        Map<Integer, Double> fused = new LinkedHashMap<>();
        for (List<ScoreDoc> ranking : rankings) {
            for (int rank = 0; rank < ranking.size(); rank++) {
                fused.merge(ranking.get(rank).doc, 1.0 / (rrfK + rank + 1), Double::sum);
            }
        }
        return fused;
    }

    private static Passage passage(IndexSearcher searcher, int doc, double score) {
        try {
            Document d = searcher.storedFields().document(doc);
            return new Passage(
                    d.get(DOC_ID),
                    d.get(TITLE),
                    d.getField(CHUNK).numericValue().intValue(),
                    d.get(TEXT),
                    score,
                    d.get(SOURCE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Chunks in the committed index, all tenants. */
    public int chunkCount() {
        return withSearcher(s -> s.count(new MatchAllDocsQuery()));
    }

    /**
     * The tenant's committed documents, id to the version indexed and number of chunks (for tests and the two
     * instances' comparison).
     */
    public Map<String, String> documents(String tenant) {
        return withSearcher(s -> {
            Map<String, String> docs = new TreeMap<>();
            TopDocs all = s.search(
                    new TermQuery(new Term(TENANT, tenant)),
                    Math.max(1, s.getIndexReader().maxDoc()));
            for (ScoreDoc sd : all.scoreDocs) {
                Document d = s.storedFields().document(sd.doc);
                docs.merge(
                        d.get(DOC_ID),
                        d.getField(VERSION).numericValue() + "#1",
                        (a, b) -> a.substring(0, a.indexOf('#') + 1)
                                + (Integer.parseInt(a.substring(a.indexOf('#') + 1)) + 1));
            }
            return docs;
        });
    }

    private interface SearcherCall<T> {
        T apply(IndexSearcher searcher) throws IOException;
    }

    private <T> T withSearcher(SearcherCall<T> call) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return call.apply(searcher);
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String key(String tenant, String documentId) {
        return tenant + "/" + documentId;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            searchers.close();
            writer.rollback(); // drops what was not committed; rollback also closes the writer
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the retrieval index in " + dir, e);
        }
    }
}
