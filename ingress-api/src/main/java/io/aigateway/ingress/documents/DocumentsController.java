package io.aigateway.ingress.documents;

import io.aigateway.ingress.correlation.Ids;
import io.aigateway.ingress.correlation.RequestCorrelation;
import io.aigateway.ingress.problems.ApiException;
import io.aigateway.ingress.problems.FieldError;
import io.aigateway.ingress.problems.ProblemCode;
import io.aigateway.ingress.problems.Problems;
import io.aigateway.ingress.tenancy.TenantResolver;
import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.schemas.SchemaVersion;
import io.aigateway.schemas.document.RagDocument;
import io.aigateway.schemas.job.BlobRef;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's knowledge base: {@code POST /v1/rag/documents} (JSON with {@code text}, {@code markdown} or {@code
 * html}, or the raw content with its content type), {@code GET /v1/rag/documents} (the list), {@code GET} and {@code
 * DELETE /v1/rag/documents/{id}}. Writes go to the compacted topic {@code gw.documents} and are answered 202 once the
 * broker acknowledged them; every rag-worker then indexes them. Reads come from this instance's {@link
 * DocumentCatalog}. Another tenant's document id gets the same 404 as an unknown one.
 */
@RestController("ingressDocumentsController")
public class DocumentsController {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    static final String PATH = "/v1/rag/documents";

    private static final Logger log = LoggerFactory.getLogger(DocumentsController.class);

    private final DocumentCatalog catalog;
    private final DocumentPublisher publisher;
    private final BlobStore blobs;
    private final TenantResolver tenants;
    private final DocumentProperties limits;
    private final Clock clock;

    public DocumentsController(
            DocumentCatalog catalog,
            DocumentPublisher publisher,
            BlobStore blobs,
            TenantResolver tenants,
            DocumentProperties limits,
            Clock clock) {
        this.catalog = catalog;
        this.publisher = publisher;
        this.blobs = blobs;
        this.tenants = tenants;
        this.limits = limits;
        this.clock = clock;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    public CompletableFuture<ResponseEntity<?>> postJson(
            @RequestBody DocumentRequest body, HttpServletRequest request) {
        if (body == null) {
            throw new ApiException(ProblemCode.MISSING_INPUT, "the body must be a JSON object");
        }
        List<String> given = new ArrayList<>();
        String type = null;
        String content = null;
        if (body.text() != null) {
            given.add("text");
            type = RagDocument.PLAIN;
            content = body.text();
        }
        if (body.markdown() != null) {
            given.add("markdown");
            type = RagDocument.MARKDOWN;
            content = body.markdown();
        }
        if (body.html() != null) {
            given.add("html");
            type = RagDocument.HTML;
            content = body.html();
        }
        if (given.size() != 1) {
            throw new ApiException(
                    given.isEmpty() ? ProblemCode.MISSING_INPUT : ProblemCode.INVALID_REQUEST,
                    "give exactly one of text, markdown or html" + (given.isEmpty() ? "" : "; got " + given));
        }
        return accept(body.id(), body.title(), type, content.getBytes(StandardCharsets.UTF_8), body.source(), request);
    }

    @PostMapping(
            path = PATH,
            consumes = {
                MediaType.TEXT_PLAIN_VALUE,
                MediaType.TEXT_MARKDOWN_VALUE,
                "text/x-markdown",
                MediaType.TEXT_HTML_VALUE
            })
    public CompletableFuture<ResponseEntity<?>> postRaw(
            @RequestBody(required = false) byte[] body,
            @RequestHeader(HttpHeaders.CONTENT_TYPE) String contentType,
            @RequestParam(required = false) String id,
            @RequestParam(required = false) String title,
            @RequestParam(required = false) String source,
            HttpServletRequest request) {
        MediaType media = MediaType.parseMediaType(contentType);
        if (media.getCharset() != null && !media.getCharset().equals(StandardCharsets.UTF_8)) {
            body = new String(body == null ? new byte[0] : body, media.getCharset()).getBytes(StandardCharsets.UTF_8);
        }
        String type = switch (media.getSubtype().toLowerCase(Locale.ROOT)) {
            case "markdown", "x-markdown" -> RagDocument.MARKDOWN;
            case "html" -> RagDocument.HTML;
            default -> RagDocument.PLAIN;
        };
        return accept(id, title, type, body == null ? new byte[0] : body, source, request);
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> list(HttpServletRequest request) {
        List<DocumentSummary> documents = catalog.list(tenants.tenantOf(request));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("documents", documents);
        body.put("count", documents.size());
        return body;
    }

    @GetMapping(path = PATH + "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    public DocumentSummary get(@PathVariable String id, HttpServletRequest request) {
        return catalog.find(tenants.tenantOf(request), id).orElseThrow(() -> notFound(id));
    }

    @DeleteMapping(path = PATH + "/{id}")
    public CompletableFuture<ResponseEntity<?>> delete(@PathVariable String id, HttpServletRequest request) {
        String tenant = tenants.tenantOf(request);
        if (catalog.find(tenant, id).isEmpty()) {
            throw notFound(id);
        }
        String correlationId = RequestCorrelation.of(request).correlationId();
        return publisher.delete(tenant, id).handle((metadata, error) -> {
            if (error != null) {
                return brokerUnavailable(id, correlationId, error);
            }
            catalog.awaitApplied(metadata.partition(), metadata.offset(), limits.viewWait());
            return ResponseEntity.accepted().body(Map.of("id", id, "status", "deleting"));
        });
    }

    private CompletableFuture<ResponseEntity<?>> accept(
            String id, String title, String type, byte[] content, String source, HttpServletRequest request) {
        String tenant = tenants.tenantOf(request);
        List<FieldError> errors = new ArrayList<>();
        if (id != null && !ID.matcher(id).matches()) {
            errors.add(new FieldError("id", "1 to 128 of A-Z a-z 0-9 . _ : - starting with a letter or digit"));
        }
        if (title != null && title.length() > limits.maxTitleChars()) {
            errors.add(new FieldError("title", "at most " + limits.maxTitleChars() + " characters"));
        }
        if (source != null && !ID.matcher(source).matches()) {
            errors.add(new FieldError("source", "1 to 128 of A-Z a-z 0-9 . _ : -"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "the document has invalid fields", errors);
        }
        if (content.length > limits.maxBytes().toBytes()) {
            throw new ApiException(
                    ProblemCode.PAYLOAD_TOO_LARGE,
                    "the document has " + content.length + " bytes; at most "
                            + limits.maxBytes().toBytes() + " are accepted");
        }
        String text = utf8(content);
        if (text.isBlank()) {
            throw new ApiException(ProblemCode.MISSING_INPUT, "the document has no content");
        }
        String documentId = id != null ? id : Ids.random("doc_");
        if (catalog.find(tenant, documentId).isEmpty() && catalog.count(tenant) >= limits.maxDocumentsPerTenant()) {
            throw new ApiException(
                    ProblemCode.INVALID_REQUEST,
                    "the knowledge base holds its maximum of " + limits.maxDocumentsPerTenant()
                            + " documents; delete some first");
        }
        Instant now = clock.instant();
        boolean inline = content.length <= limits.inlineMaxBytes().toBytes();
        BlobRef blob = inline ? null : blobs.put(tenant, content, type + "; charset=utf-8");
        RagDocument document = new RagDocument(
                SchemaVersion.CURRENT,
                tenant,
                documentId,
                title == null || title.isBlank() ? null : title.strip(),
                type,
                inline ? text : null,
                blob,
                source == null ? "api" : source,
                now.toEpochMilli(),
                now);
        String correlationId = RequestCorrelation.of(request).correlationId();
        return publisher.publish(document).handle((metadata, error) -> {
            if (error != null) {
                return brokerUnavailable(documentId, correlationId, error);
            }
            catalog.awaitApplied(metadata.partition(), metadata.offset(), limits.viewWait());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", documentId);
            body.put("status", "accepted");
            body.put("version", document.version());
            body.put("stored", inline ? "inline" : "blob");
            body.put("links", Map.of("self", PATH + "/" + documentId));
            return ResponseEntity.accepted()
                    .location(URI.create(PATH + "/" + documentId))
                    .body(body);
        });
    }

    private static String utf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(ProblemCode.INVALID_REQUEST, "the document is not valid UTF-8");
        }
    }

    private static ApiException notFound(String id) {
        return new ApiException(ProblemCode.DOCUMENT_NOT_FOUND, "no document " + id + " in this knowledge base");
    }

    private static ResponseEntity<?> brokerUnavailable(String id, String correlationId, Throwable error) {
        log.warn("document {} not published: {}", id, error.toString());
        return Problems.response(
                new ApiException(
                        ProblemCode.BROKER_UNAVAILABLE,
                        "Kafka did not acknowledge the document in time; it was not accepted. Retry after 2 seconds."),
                correlationId);
    }
}
