package io.aigateway.ingress.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebClientPropertiesTest {

    @Test
    void aFolderLocationGetsItsTrailingSlashSoFilesResolveInsideIt() {
        assertThat(new WebClientProperties(true, "file:./web", List.of()).location())
                .isEqualTo("file:./web/");
        assertThat(new WebClientProperties(true, "classpath:/web/", List.of()).location())
                .isEqualTo("classpath:/web/");
    }

    @Test
    void originsAreTrimmedAndBlankOnesDropped() {
        assertThat(new WebClientProperties(true, "classpath:/web/", List.of(" https://app.example.com ", ""))
                        .allowedOrigins())
                .containsExactly("https://app.example.com");
        assertThat(new WebClientProperties(true, "classpath:/web/", null).allowedOrigins())
                .isEmpty();
    }

    @Test
    void anOriginWithAPathOrWithoutSchemeIsRefusedAtStart() {
        assertThatThrownBy(() -> new WebClientProperties(true, "classpath:/web/", List.of("https://app.example.com/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an origin");
        assertThatThrownBy(() -> new WebClientProperties(true, "classpath:/web/", List.of("app.example.com")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebClientProperties(true, " ", List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
