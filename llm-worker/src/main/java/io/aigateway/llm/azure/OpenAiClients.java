package io.aigateway.llm.azure;

import com.azure.ai.openai.OpenAIClient;
import com.azure.ai.openai.OpenAIClientBuilder;
import com.azure.ai.openai.OpenAIServiceVersion;
import com.azure.core.credential.AzureKeyCredential;
import com.azure.core.credential.KeyCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import io.aigateway.llm.chat.ProviderSettings;
import io.aigateway.pipeline.tracing.TraceparentPolicy;
import java.time.Duration;

/**
 * Builds the SDK clients of provider instances. The SDK's own retries are off ({@code maxRetries 0}): the gateway's
 * router retries, so that {@code Retry-After}, the job's deadline and the fallback decide together.
 *
 * <p>{@code openai-compatible}: the SDK talks to non-Azure OpenAI only at {@code https://api.openai.com/v1} (its
 * "non-Azure" mode, chosen by a {@link KeyCredential} and no Azure endpoint, which puts the model in the body as the
 * OpenAI API wants); {@link BaseUrlPolicy} rewrites that prefix to the configured base URL on every request.
 */
public final class OpenAiClients {

    static final String OPENAI_BASE = "https://api.openai.com/v1";

    private OpenAiClients() {}

    public static OpenAIClient azure(String instance, ProviderSettings settings) {
        if (settings.endpoint() == null || settings.endpoint().isBlank()) {
            throw new IllegalStateException(
                    "gateway.llm.providers." + instance + ".endpoint is required (azure-openai)");
        }
        OpenAIClientBuilder builder = common(settings).endpoint(settings.endpoint());
        if (settings.hasApiKey() && plainHttp(settings.endpoint())) {
            builder.addPolicy(new HeaderPolicy("api-key", settings.apiKey()));
        } else if (settings.hasApiKey()) {
            builder.credential(new AzureKeyCredential(settings.apiKey()));
        } else {
            builder.credential(new DefaultAzureCredentialBuilder().build());
        }
        if (settings.apiVersion() != null && !settings.apiVersion().isBlank()) {
            builder.serviceVersion(serviceVersion(instance, settings.apiVersion()));
        }
        return builder.buildClient();
    }

    public static OpenAIClient compatible(String instance, ProviderSettings settings) {
        if (settings.endpoint() == null || settings.endpoint().isBlank()) {
            throw new IllegalStateException(
                    "gateway.llm.providers." + instance + ".endpoint is required (openai-compatible: the base URL)");
        }
        // no Azure endpoint: the SDK's OpenAI mode (model in the body, OpenAI paths); servers that want no key
        // (Ollama, llama.cpp) get none
        OpenAIClientBuilder builder = common(settings).addPolicy(new BaseUrlPolicy(settings.endpoint()));
        if (settings.hasApiKey() && plainHttp(settings.endpoint())) {
            builder.addPolicy(new HeaderPolicy("Authorization", "Bearer " + settings.apiKey()));
        } else if (settings.hasApiKey()) {
            builder.credential(new KeyCredential(settings.apiKey()));
        }
        return builder.buildClient();
    }

    /**
     * The SDK's key policies refuse plain HTTP so that keys never travel in clear; a local server (Ollama, a test stub)
     * on {@code http://} gets its key from this policy instead. Keys for remote services belong on HTTPS.
     */
    private static boolean plainHttp(String endpoint) {
        return endpoint.regionMatches(true, 0, "http://", 0, 7);
    }

    private static OpenAIClientBuilder common(ProviderSettings settings) {
        // the JDK client named, not found through the service loader: in all-in-one other modules bring Netty's too,
        // and which provider the loader picks (or whether it finds a usable one) then depends on the classpath
        HttpClient http = new JdkHttpClientBuilder()
                .connectionTimeout(settings.connectTimeout())
                .responseTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .build();
        return new OpenAIClientBuilder()
                .httpClient(http)
                .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ofMillis(1))))
                // the job's trace on every call, so the provider's diagnostics line up with the job's
                .addPolicy(new TraceparentPolicy());
    }

    private static OpenAIServiceVersion serviceVersion(String instance, String wanted) {
        for (OpenAIServiceVersion v : OpenAIServiceVersion.values()) {
            if (v.getVersion().equals(wanted.trim())) {
                return v;
            }
        }
        throw new IllegalStateException("gateway.llm.providers." + instance + ".api-version '" + wanted
                + "' is not one this SDK knows; latest: "
                + OpenAIServiceVersion.getLatest().getVersion());
    }

    /** Sets one header on every request. */
    static final class HeaderPolicy extends HttpPipelineSyncPolicy {
        private final String name;
        private final String value;

        HeaderPolicy(String name, String value) {
            this.name = name;
            this.value = value;
        }

        @Override
        protected void beforeSendingRequest(HttpPipelineCallContext context) {
            context.getHttpRequest().setHeader(com.azure.core.http.HttpHeaderName.fromString(name), value);
        }
    }

    /** Sends what the SDK addresses to {@code https://api.openai.com/v1} to the configured base URL instead. */
    static final class BaseUrlPolicy extends HttpPipelineSyncPolicy {
        private final String base;

        BaseUrlPolicy(String base) {
            this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        }

        @Override
        protected void beforeSendingRequest(HttpPipelineCallContext context) {
            String url = context.getHttpRequest().getUrl().toString();
            if (url.startsWith(OPENAI_BASE)) {
                context.getHttpRequest().setUrl(base + url.substring(OPENAI_BASE.length()));
            }
        }

        @Override
        public HttpPipelinePosition getPipelinePosition() {
            return HttpPipelinePosition.PER_CALL;
        }
    }
}
