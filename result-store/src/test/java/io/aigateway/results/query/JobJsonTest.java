package io.aigateway.results.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.results.TestEvents;
import io.aigateway.results.state.JobStateFolder;
import io.aigateway.schemas.event.JobEvent;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.JobState;
import io.aigateway.schemas.topic.Topics;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The internal endpoints' bodies: what one instance writes, another (and the ingress) reads back unchanged. */
class JobJsonTest {

    private final TestEvents job = new TestEvents("job-json", Instant.parse("2025-01-01T10:00:00Z"));

    @Test
    void aJobStateSurvivesTheRoundTrip() {
        JobState state = null;
        for (JobEvent event : List.of(
                job.accepted(Step.RAG, Step.LLM),
                job.started(1, Step.RAG, "lucene", 0),
                job.stepCompleted(2, Step.RAG, "lucene", TestEvents.passages()))) {
            state = JobStateFolder.fold(state, event);
        }

        byte[] json = JobJson.write(state);

        assertThat(JobJson.readState(json)).isEqualTo(state);
        JsonNode tree = Json.mapper().readTree(json);
        assertThat(tree.get("status").asString()).isEqualTo("running");
        assertThat(tree.get("steps").get(0).get("step").asString()).isEqualTo("rag");
        assertThat(tree.get("createdAt").asString()).isEqualTo("2025-01-01T10:00:00Z");
    }

    @Test
    void eventsAreWrittenAsOnTheEventsTopicWithTheirType() {
        List<JobEvent> events =
                List.of(job.accepted(Step.LLM), job.delta(1, "Hi"), job.completed(2, TestEvents.answer("Hi")));

        byte[] json = JobJson.write(events);

        assertThat(JobJson.readEvents(json)).isEqualTo(events);
        JsonNode tree = Json.mapper().readTree(json);
        assertThat(tree.get(1).get("type").asString()).isEqualTo("delta");
        for (int i = 0; i < events.size(); i++) {
            byte[] record = Topics.EVENT.serialize(Topics.EVENTS.name(), events.get(i));
            assertThat(tree.get(i)).isEqualTo(Json.mapper().readTree(record));
        }
    }
}
