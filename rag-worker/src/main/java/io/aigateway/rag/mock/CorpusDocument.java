package io.aigateway.rag.mock;

/** One document of the mock retriever's built-in corpus, as {@code service-desk-corpus.json} holds it. */
record CorpusDocument(String documentId, String title, String text) {}
