package io.aigateway.rag.indexing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample knowledge base ({@code gateway.rag.sample-kb.*}).
 *
 * @param enabled publish the sample articles at a first start (index and {@code gw.documents} both empty); on in
 *     all-in-one, off for a standalone worker
 * @param tenant the tenant the articles belong to (all-in-one: the ingress's tenant)
 */
@ConfigurationProperties("gateway.rag.sample-kb")
public record SampleKbProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("default") String tenant) {}
