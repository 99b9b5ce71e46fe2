package io.aigateway.ingress.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The web client the ingress serves at {@code /} ({@code gateway.ingress.web.*}). Locally the page and the API share
 * one origin; a page hosted on another site (a static host, a CDN) needs that site's origin in {@code
 * allowedOrigins}, because browsers only let it call the API when the API says so (CORS).
 *
 * @param enabled serve the web client; {@code false} leaves {@code /} to nothing (an API-only deployment)
 * @param location where the files are: {@code classpath:/web/} (packaged in the ingress jar from the repository's
 *     {@code web/} folder) or a folder such as {@code file:./web/}, to serve an edited copy without a rebuild
 * @param allowedOrigins origins (scheme, host and port, for example {@code https://app.example.com}) whose pages may
 *     call {@code /v1}; empty: none besides the ingress's own
 */
@ConfigurationProperties("gateway.ingress.web")
public record WebClientProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("classpath:/web/") String location,
        @DefaultValue List<String> allowedOrigins) {

    public WebClientProperties {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("gateway.ingress.web.location must name a folder");
        }
        location = location.endsWith("/") ? location : location + "/";
        allowedOrigins = allowedOrigins == null
                ? List.of()
                : allowedOrigins.stream()
                        .map(String::trim)
                        .filter(o -> !o.isEmpty())
                        .toList();
        for (String origin : allowedOrigins) {
            if (!origin.equals("*") && !origin.matches("https?://[^/\\s]+")) {
                throw new IllegalArgumentException("gateway.ingress.web.allowed-origins: '" + origin
                        + "' is not an origin (scheme://host[:port], no path)");
            }
        }
    }
}
