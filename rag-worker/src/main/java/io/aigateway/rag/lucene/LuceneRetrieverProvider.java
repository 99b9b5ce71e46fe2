package io.aigateway.rag.lucene;

import io.aigateway.pipeline.blob.BlobStore;
import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.pipeline.kafka.GatewayProducer;
import io.aigateway.pipeline.kafka.TopicProvisioner;
import io.aigateway.rag.documents.Chunker;
import io.aigateway.rag.documents.ChunkingProperties;
import io.aigateway.rag.embed.MiniLmEmbedder;
import io.aigateway.rag.indexing.DocumentTopicIndexer;
import io.aigateway.rag.indexing.SampleKbProperties;
import io.aigateway.rag.indexing.SampleKnowledgeBase;
import io.aigateway.rag.retrieve.Retriever;
import io.aigateway.rag.retrieve.RetrieverProvider;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Offers provider {@code lucene}, the local default: opens the persistent index under {@code index-dir}, starts the
 * indexer that keeps it equal to {@code gw.documents} (publishing the sample knowledge base at a first start when
 * enabled), and serves hybrid search over it. Nothing is opened unless this provider is the one selected.
 */
@Component
public class LuceneRetrieverProvider implements RetrieverProvider, DisposableBean {

    public static final String NAME = "lucene";

    private final ObjectProvider<LuceneProperties> properties;
    private final ObjectProvider<ChunkingProperties> chunking;
    private final ObjectProvider<SampleKbProperties> sampleKb;
    private final ObjectProvider<KafkaSettings> kafka;
    private final ObjectProvider<BlobStore> blobs;
    private final ObjectProvider<GatewayProducer> producer;
    private final ObjectProvider<TopicProvisioner> topics;

    private LuceneKnowledgeIndex index;
    private DocumentTopicIndexer indexer;

    public LuceneRetrieverProvider(
            ObjectProvider<LuceneProperties> properties,
            ObjectProvider<ChunkingProperties> chunking,
            ObjectProvider<SampleKbProperties> sampleKb,
            ObjectProvider<KafkaSettings> kafka,
            ObjectProvider<BlobStore> blobs,
            ObjectProvider<GatewayProducer> producer,
            ObjectProvider<TopicProvisioner> topics) {
        this.properties = properties;
        this.chunking = chunking;
        this.sampleKb = sampleKb;
        this.kafka = kafka;
        this.blobs = blobs;
        this.producer = producer;
        this.topics = topics;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized Retriever create() {
        topics.getIfAvailable(); // the topics exist (gw.documents compacted) before the indexer reads them
        LuceneProperties settings = properties.getObject();
        SampleKbProperties sample = sampleKb.getObject();
        index = new LuceneKnowledgeIndex(
                settings.indexDir(), MiniLmEmbedder.shared(), new Chunker(chunking.getObject()), settings.rrfK());
        DocumentTopicIndexer.FirstStart firstStart =
                sample.enabled() ? () -> SampleKnowledgeBase.publish(producer.getObject(), sample.tenant()) : null;
        indexer = new DocumentTopicIndexer(kafka.getObject(), index, blobs.getObject(), firstStart, null);
        indexer.start();
        return new LuceneRetriever(index, indexer::awaitCaughtUp, settings);
    }

    /** The indexer of the index this provider opened, if it was selected (for readiness and tests). */
    public synchronized DocumentTopicIndexer indexer() {
        return indexer;
    }

    public synchronized LuceneKnowledgeIndex index() {
        return index;
    }

    @Override
    public synchronized void destroy() {
        if (indexer != null) {
            indexer.close();
        }
        if (index != null) {
            index.close();
        }
    }
}
