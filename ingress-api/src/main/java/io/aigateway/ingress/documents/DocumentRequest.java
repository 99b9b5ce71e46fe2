package io.aigateway.ingress.documents;

/**
 * {@code POST /v1/rag/documents} as JSON: exactly one of {@code text}, {@code markdown} or {@code html}.
 *
 * @param id the document's id within the tenant; a new one is made when absent. Posting an existing id replaces it
 * @param title shown with every passage; for HTML the page's {@code <title>} is used when absent
 * @param source where the document came from (default {@code api})
 */
public record DocumentRequest(String id, String title, String text, String markdown, String html, String source) {}
