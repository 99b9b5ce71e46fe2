package io.aigateway.results.query;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.pipeline.config.KafkaSettings;
import io.aigateway.results.ResultStoreProperties;
import io.aigateway.results.streams.ResultStoreStreams;
import io.aigateway.results.topology.ResultStoreTopology;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a query does while the store cannot answer; answering is covered by ResultStoreApplicationIT. */
class JobQueryServiceTest {

    private final ResultStoreProperties properties = ResultStoreProperties.defaults();
    private final URI self = URI.create("http://localhost:8085");
    // never started: the state of every instance during its first moments
    private final ResultStoreStreams streams = new ResultStoreStreams(
            new ResultStoreTopology(properties.retention(), properties.expiryInterval()).topology(),
            KafkaSettings.local("localhost:9092"),
            properties,
            self,
            null);
    private final JobQueryService queries =
            new JobQueryService(streams, RemoteJobQueries.withDefaults(self), Duration.ofMillis(200));

    @Test
    void aStoreThatIsNotRunningIsReportedAsUnavailableOnceTheBudgetIsSpent() {
        assertThatThrownBy(() -> queries.job("job-1"))
                .isInstanceOf(JobStoreUnavailableException.class)
                .hasMessageContaining("job job-1")
                .hasMessageContaining("not started");
        assertThatThrownBy(() -> queries.events("job-1", 3))
                .isInstanceOf(JobStoreUnavailableException.class)
                .hasMessageContaining("events of job job-1");
    }
}
