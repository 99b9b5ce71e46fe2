package io.aigateway.rag.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DocumentTextTest {

    @Test
    void htmlLosesScriptsStylesAndTagsAndKeepsBlocksApart() {
        String html = """
                <html><head><title>VPN guide</title><style>p { color: red }</style>
                <script>var secret = "do not index";</script></head>
                <body><h1>Connect</h1><p>Open the <b>client</b>&nbsp;and sign&nbsp;in.</p><ul><li>Step one</li>
                <li>Step two</li></ul><div>Call 4357<br>any time</div><noscript>enable js</noscript>
                <p>Caf&eacute; &amp; more &lt;here&gt;</p></body></html>
                """;

        DocumentText.Html parsed = DocumentText.html(html);

        assertThat(parsed.title()).isEqualTo("VPN guide");
        assertThat(parsed.text())
                .doesNotContain("secret", "color", "<b>", "<p>", "enable js", "VPN guide")
                .contains("Open the client and sign in.")
                .contains("Café & more <here>");
        assertThat(parsed.text().lines()).contains("Connect", "Step one", "Step two", "Call 4357", "any time");
    }

    @Test
    void htmlWithoutTitleTakesTheFirstHeading() {
        assertThat(DocumentText.html("<h1>Printers</h1><p>x</p>").title()).isEqualTo("Printers");
    }

    @Test
    void markdownLosesItsMarkupButNotItsWords() {
        String md = """
                # Reset a password

                Go to the **portal** and pick [Forgot password](https://x.example/reset).
                ![diagram](img.png)

                ```
                code fence
                ```
                > quoted *tip*
                """;

        String text = DocumentText.of("text/markdown; charset=utf-8", md);

        assertThat(text).startsWith("Reset a password").contains("Go to the portal and pick Forgot password.");
        assertThat(text).contains("quoted tip", "diagram", "code fence");
        assertThat(text).doesNotContain("**", "](", "#", "```", "https://");
    }

    @Test
    void plainTextKeepsParagraphsAndCollapsesSpaces() {
        assertThat(DocumentText.of("text/plain", "a   b\r\n\r\n\r\n  c\n")).isEqualTo("a b\n\nc");
    }

    @Test
    void anUnsupportedTypeIsRefusedNamingTheSupportedOnes() {
        assertThat(DocumentText.supported("application/pdf")).isFalse();
        assertThat(DocumentText.supported("text/HTML; charset=utf-8")).isTrue();
        assertThatThrownBy(() -> DocumentText.of("application/pdf", "%PDF"))
                .hasMessageContaining("application/pdf")
                .hasMessageContaining("text/markdown");
    }
}
