package io.aigateway.rag.documents;

import io.aigateway.schemas.document.RagDocument;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeVisitor;

/**
 * Turns a document's content into the plain text that is chunked and indexed: plain text as it is, Markdown with its
 * markup removed (headings, emphasis, links, images, code fences), HTML parsed with jsoup, scripts and styles dropped,
 * block elements (paragraphs, headings, list items, table rows, line breaks) becoming line breaks so that sentences of
 * different blocks never run together.
 */
public final class DocumentText {

    private static final Pattern MD_IMAGE = Pattern.compile("!\\[([^\\]]*)\\]\\([^)]*\\)");
    private static final Pattern MD_LINK = Pattern.compile("\\[([^\\]]+)\\]\\([^)]*\\)");
    private static final Pattern MD_HEADING = Pattern.compile("(?m)^\\s{0,3}#{1,6}\\s*");
    private static final Pattern MD_FENCE = Pattern.compile("(?m)^\\s*(```|~~~).*$");
    private static final Pattern MD_EMPHASIS = Pattern.compile("(\\*\\*|__|\\*|`)");
    private static final Pattern MD_QUOTE = Pattern.compile("(?m)^\\s{0,3}>\\s?");
    private static final Pattern MD_RULE = Pattern.compile("(?m)^\\s{0,3}([-*_]\\s*){3,}$");
    private static final Pattern MD_TABLE_RULE = Pattern.compile("(?m)^\\s*\\|?\\s*:?-{3,}.*$");

    private DocumentText() {}

    /** The text of content of the given type; an unknown type is refused. */
    public static String of(String contentType, String content) {
        String type = normalizeType(contentType);
        return switch (type) {
            case RagDocument.PLAIN -> normalize(content);
            case RagDocument.MARKDOWN -> markdown(content);
            case RagDocument.HTML -> html(content).text();
            default ->
                throw new IllegalArgumentException("unsupported content type " + contentType
                        + "; supported: text/plain, text/markdown, text/html");
        };
    }

    /** The media type without parameters, lower case; {@code text/x-markdown} counts as Markdown. */
    public static String normalizeType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return RagDocument.PLAIN;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/x-markdown", "text/md" -> RagDocument.MARKDOWN;
            case "application/xhtml+xml" -> RagDocument.HTML;
            default -> type;
        };
    }

    public static boolean supported(String contentType) {
        String type = normalizeType(contentType);
        return type.equals(RagDocument.PLAIN) || type.equals(RagDocument.MARKDOWN) || type.equals(RagDocument.HTML);
    }

    static String markdown(String md) {
        String s = MD_FENCE.matcher(md).replaceAll("");
        s = MD_IMAGE.matcher(s).replaceAll("$1");
        s = MD_LINK.matcher(s).replaceAll("$1");
        s = MD_TABLE_RULE.matcher(s).replaceAll("");
        s = MD_RULE.matcher(s).replaceAll("");
        s = MD_HEADING.matcher(s).replaceAll("");
        s = MD_QUOTE.matcher(s).replaceAll("");
        s = MD_EMPHASIS.matcher(s).replaceAll("");
        return normalize(s.replace('|', ' '));
    }

    /** An HTML page's title ({@code <title>}, else the first {@code <h1>}, else empty) and its text. */
    public record Html(String title, String text) {}

    public static Html html(String html) {
        Document doc = Jsoup.parse(html);
        String title = doc.title();
        doc.select("script, style, noscript, template, head, svg, iframe, object")
                .remove();
        if (title.isBlank()) {
            Element h1 = doc.selectFirst("h1");
            title = h1 == null ? "" : h1.text();
        }
        StringBuilder out = new StringBuilder();
        doc.body().traverse(new NodeVisitor() {
            @Override
            public void head(Node node, int depth) {
                if (node instanceof TextNode text) {
                    out.append(text.text());
                } else if (node instanceof Element e && (e.isBlock() || e.nameIs("br"))) {
                    out.append('\n');
                }
            }

            @Override
            public void tail(Node node, int depth) {
                if (node instanceof Element e && e.isBlock()) {
                    out.append('\n');
                }
            }
        });
        return new Html(title.trim(), normalize(out.toString()));
    }

    /** Spaces collapsed within lines, blank lines kept as paragraph breaks, no more than one in a row. */
    static String normalize(String text) {
        String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        StringBuilder out = new StringBuilder();
        boolean blank = false;
        for (String line : lines) {
            String l = line.replace('\u00a0', ' ').replaceAll("[ \\t\\f]+", " ").trim();
            if (l.isEmpty()) {
                blank = out.length() > 0;
                continue;
            }
            if (out.length() > 0) {
                out.append(blank ? "\n\n" : "\n");
            }
            out.append(l);
            blank = false;
        }
        return out.toString();
    }
}
