package io.aigateway.ingress.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the web client ({@code web/}: static HTML, CSS and JavaScript modules) at {@code /}, beside the API, so the
 * local default needs nothing else; and, for a copy hosted elsewhere, lets the configured origins call {@code /v1}.
 * The files are revalidated on every load ({@code no-cache} with {@code Last-Modified}), so a new version shows at
 * once, and carry a content security policy that allows only the page's own scripts and styles.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebClientProperties.class)
public class WebClientConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebClientConfiguration.class);

    /** Scripts and styles from the page's own origin only; the API may live on another origin (its setting). */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; media-src 'self' blob:; connect-src 'self' https: http:;"
            + " object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /** After Spring Boot's own resource handlers, so that this mapping of {@code /**} is the one in effect. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    @ConditionalOnProperty(name = "gateway.ingress.web.enabled", havingValue = "true", matchIfMissing = true)
    WebMvcConfigurer ingressWebClient(WebClientProperties web) {
        log.info("web client served at / from {}", web.location());
        return new WebMvcConfigurer() {
            @Override
            public void addResourceHandlers(ResourceHandlerRegistry registry) {
                registry.addResourceHandler("/**")
                        .addResourceLocations(web.location())
                        .setCacheControl(CacheControl.noCache());
            }

            @Override
            public void addViewControllers(ViewControllerRegistry registry) {
                registry.addViewController("/").setViewName("forward:/index.html");
            }

            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(new HandlerInterceptor() {
                            @Override
                            public boolean preHandle(
                                    HttpServletRequest request, HttpServletResponse response, Object handler) {
                                response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
                                response.setHeader("X-Content-Type-Options", "nosniff");
                                response.setHeader("Referrer-Policy", "no-referrer");
                                return true;
                            }
                        })
                        .addPathPatterns("/", "/index.html", "/*.js", "/*.svg", "/js/**", "/css/**");
            }
        };
    }

    /**
     * CORS for the configured origins (none by default: the filter then lets every request pass untouched), answered
     * before the API key filter: a browser's preflight ({@code OPTIONS}) carries no key, and the key filter would refuse
     * it.
     */
    @Bean
    FilterRegistrationBean<CorsFilter> ingressCorsFilter(WebClientProperties web) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(web.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of(
                "Authorization",
                "Content-Type",
                "Last-Event-ID",
                "X-Correlation-Id",
                "If-Match",
                "If-None-Match",
                "Range",
                "traceparent"));
        cors.setExposedHeaders(List.of(
                "X-Correlation-Id",
                "X-Job-Id",
                "Location",
                "Retry-After",
                "ETag",
                "Content-Range",
                "WWW-Authenticate"));
        cors.setMaxAge(3600L);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!web.allowedOrigins().isEmpty()) {
            source.registerCorsConfiguration("/v1/**", cors);
            log.info("CORS: pages of {} may call /v1", web.allowedOrigins());
        }
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        // after the correlation filter (+10), before the API key filter (+15)
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 12);
        registration.addUrlPatterns("/v1/*");
        return registration;
    }
}
