package io.aigateway.rag.lucene;

/** Which half of the index answers: both merged by reciprocal rank fusion, or one alone (for evaluation). */
public enum SearchMode {
    HYBRID,
    BM25,
    VECTOR
}
