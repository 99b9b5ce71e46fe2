package io.aigateway.schemas;

import static io.aigateway.schemas.ContractSchemas.BATCH_RECORD;
import static io.aigateway.schemas.ContractSchemas.INGEST_REQUEST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.schemas.batch.BatchCompleted;
import io.aigateway.schemas.batch.BatchItem;
import io.aigateway.schemas.batch.BatchItemFinished;
import io.aigateway.schemas.batch.BatchItemKey;
import io.aigateway.schemas.batch.BatchItemStarted;
import io.aigateway.schemas.batch.BatchManifest;
import io.aigateway.schemas.batch.BatchRecord;
import io.aigateway.schemas.batch.BatchRetry;
import io.aigateway.schemas.batch.BatchWebhookResult;
import io.aigateway.schemas.batch.IngestRequest;
import io.aigateway.schemas.event.ErrorInfo;
import io.aigateway.schemas.job.JobOptions;
import io.aigateway.schemas.job.Step;
import io.aigateway.schemas.json.Json;
import io.aigateway.schemas.state.JobStatus;
import io.aigateway.schemas.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The batch records on gw.batches and the feed records on gw.ingest against their published JSON Schemas. */
class BatchRecordContractTest {

    static final String BATCH = "bat_abcdefghijklmnopqrstuvwxyz234567";
    static final Instant AT = Instant.parse("2026-03-14T09:26:53.589123Z");

    static Stream<BatchRecord> records() {
        BatchItem stored = new BatchItem(0, "call-0.wav", null, Samples.QUESTION_AUDIO, 12.5, null);
        BatchItem fetched = new BatchItem(
                1, "call-1.wav", "https://media.example.com/calls/1.wav", Samples.QUESTION_AUDIO, 3.0, null);
        BatchItem refused = new BatchItem(
                2,
                "x",
                "https://media.example.com/calls/2.wav",
                null,
                null,
                new ErrorInfo("fetch_failed", "the server answered 404", false));
        String job = new BatchItemKey(BATCH, 1, 0).jobId();
        return Stream.of(
                BatchManifest.of(
                        BATCH,
                        "acme",
                        "urls",
                        AT,
                        List.of(Step.STT, Step.LLM),
                        new JobOptions("en-US", null, null, null, null, null, true),
                        true,
                        "summary",
                        "https://hooks.example.com/batches",
                        List.of(stored, fetched, refused)),
                BatchManifest.of(
                        BATCH, "acme", "upload", AT, List.of(Step.STT), null, false, null, null, List.of(stored)),
                new BatchItemStarted(SchemaVersion.CURRENT, BATCH, 1, 0, job, AT),
                new BatchItemFinished(SchemaVersion.CURRENT, BATCH, 1, 0, job, JobStatus.COMPLETED, null, 3.0, AT),
                new BatchItemFinished(
                        SchemaVersion.CURRENT, BATCH, 1, 0, job, JobStatus.FAILED, Samples.ERROR, null, AT),
                new BatchRetry(SchemaVersion.CURRENT, BATCH, 1, List.of(fetched), AT),
                new BatchCompleted(SchemaVersion.CURRENT, BATCH, 0, 3, 2, 1, AT),
                new BatchWebhookResult(SchemaVersion.CURRENT, BATCH, BATCH + "-r0", true, 3, null, AT),
                new BatchWebhookResult(SchemaVersion.CURRENT, BATCH, BATCH + "-r0", false, 8, "503", AT));
    }

    @ParameterizedTest
    @MethodSource("records")
    void crossesTheBatchesTopicUnchangedAndMatchesTheSchema(BatchRecord record) {
        byte[] bytes = Topics.BATCHES.valueSerde().serializer().serialize("gw.batches", record);
        String json = new String(bytes, StandardCharsets.UTF_8);

        assertThat(json).contains("\"type\":\"" + record.type() + "\"");
        assertThat(ContractSchemas.published().violations(BATCH_RECORD, json)).isEmpty();
        assertThat(ContractSchemas.closed().violations(BATCH_RECORD, json))
                .as("the schema declares every field the record writes")
                .isEmpty();
        assertThat(Topics.BATCHES.valueSerde().deserializer().deserialize("gw.batches", bytes))
                .isEqualTo(record);
    }

    @Test
    void theSchemaListsEveryKindTheRecordsHave() {
        assertThat(ContractSchemas.raw(BATCH_RECORD).at("/properties/type/enum"))
                .extracting(n -> n.asText())
                .containsExactlyInAnyOrderElementsOf(
                        records().map(BatchRecord::type).distinct().toList());
    }

    @Test
    void anItemHasAudioOrAnErrorAndTheSchemaSaysSoToo() {
        assertThatThrownBy(() -> new BatchItem(0, "x", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        String json = Json.mapper().writeValueAsString(records().findFirst().orElseThrow());
        String both = json.replaceFirst(
                "\"audioSeconds\":12.5",
                "\"audioSeconds\":12.5,\"error\":{\"code\":\"x\",\"message\":\"x\",\"retryable\":false}");

        assertThat(both).isNotEqualTo(json);
        assertThat(ContractSchemas.published().violations(BATCH_RECORD, both)).isNotEmpty();
    }

    @Test
    void itemJobIdsNameBatchItemAndAttemptAndNothingElseParses() {
        BatchItemKey key = new BatchItemKey(BATCH, 17, 2);

        assertThat(key.correlationId()).isEqualTo(BATCH + "-17");
        assertThat(key.jobId()).isEqualTo(BATCH + "-17-2");
        assertThat(BatchItemKey.ofJob(key.jobId())).contains(key);
        assertThat(BatchItemKey.ofJob("job_abcdefghijklmnopqrstuvwxyz234567")).isEmpty();
        assertThat(BatchItemKey.ofJob(BATCH + "-17")).isEmpty();
        assertThat(BatchItemKey.ofJob(null)).isEmpty();
    }

    @Test
    void anIngestRequestMatchesItsSchemaAndReadsBackEqual() {
        IngestRequest full = new IngestRequest(
                SchemaVersion.CURRENT,
                "callcenter-eu",
                "2026-03-14:0001",
                List.of(
                        new IngestRequest.Recording("https://media.example.com/calls/1.wav", "call 1"),
                        new IngestRequest.Recording("https://media.example.com/calls/2.wav", null)),
                "en-US",
                true,
                true,
                "summary",
                "https://hooks.example.com/batches");
        for (IngestRequest request : List.of(
                full,
                IngestRequest.of(
                        "f", "r1", List.of(new IngestRequest.Recording("http://media.example.com/a.wav", null))))) {
            String json = Json.mapper().writeValueAsString(request);

            assertThat(ContractSchemas.published().violations(INGEST_REQUEST, json))
                    .isEmpty();
            assertThat(ContractSchemas.closed().violations(INGEST_REQUEST, json))
                    .isEmpty();
            assertThat(Json.mapper().readValue(json, IngestRequest.class)).isEqualTo(request);
        }
    }

    @Test
    void theIngestSchemaRefusesWhatTheGatewayWouldRefuse() {
        String json = Json.mapper()
                .writeValueAsString(IngestRequest.of(
                        "feed-1", "r1", List.of(new IngestRequest.Recording("https://media.example.com/a.wav", null))));

        assertThat(ContractSchemas.published()
                        .violations(INGEST_REQUEST, json.replace("https://media", "file:///etc/passwd#")))
                .isNotEmpty();
        assertThat(ContractSchemas.published().violations(INGEST_REQUEST, json.replace("\"feed-1\"", "\"a b\"")))
                .isNotEmpty();
        assertThat(ContractSchemas.published()
                        .violations(INGEST_REQUEST, json.replaceAll("\"recordings\":\\[.*]", "\"recordings\":[]")))
                .isNotEmpty();
    }
}
