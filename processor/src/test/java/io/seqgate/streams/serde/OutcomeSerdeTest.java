package io.seqgate.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.outcome.Decision;
import io.seqgate.outcome.Outcome;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** Outcomes as JSON: the same text as before, absent fields left out, and read back. */
class OutcomeSerdeTest {

    // JSON captured from the serializer of commit 204ad9f.
    private static final Outcome OUTCOME = new Outcome(
            "input",
            "a/b c.jpg",
            "v1",
            "18A2B3C4D5E6F708",
            "ObjectCreated:Put",
            Decision.DONE,
            "wrote output from sequencer 18A2B3C4D5E6F708",
            "seqgate-1",
            "2026-10-01T12:00:00.123Z",
            "2026-10-01T12:00:00.200Z",
            "2026-10-01T12:00:00.480Z",
            "processed/a/b c.jpg",
            "9b2cf535f27731c974343645a3985328");

    private static final String OUTCOME_JSON = "{\"bucket\":\"input\",\"key\":\"a/b c.jpg\",\"versionId\":\"v1\","
            + "\"sequencer\":\"18A2B3C4D5E6F708\",\"event\":\"ObjectCreated:Put\",\"decision\":\"DONE\","
            + "\"reason\":\"wrote output from sequencer 18A2B3C4D5E6F708\",\"instance\":\"seqgate-1\","
            + "\"eventTime\":\"2026-10-01T12:00:00.123Z\",\"decidedAt\":\"2026-10-01T12:00:00.200Z\","
            + "\"completedAt\":\"2026-10-01T12:00:00.480Z\",\"outputKey\":\"processed/a/b c.jpg\","
            + "\"outputETag\":\"9b2cf535f27731c974343645a3985328\"}";

    private static final Outcome SPARSE_OUTCOME = new Outcome(
            "input",
            null,
            null,
            null,
            "TestEvent",
            Decision.IGNORED,
            "test event",
            "seqgate-1",
            null,
            "2026-10-01T12:00:00.200Z",
            null,
            null,
            null);

    private static final String SPARSE_OUTCOME_JSON = "{\"bucket\":\"input\",\"event\":\"TestEvent\",\"decision\":"
            + "\"IGNORED\",\"reason\":\"test event\",\"instance\":\"seqgate-1\",\"decidedAt\":\"2026-10-01T12:00:00.200Z\"}";

    private static final Serde<Outcome> OUTCOMES = SeqgateSerdes.outcome();

    @Test
    void writesOutcomesAsTheSameJsonLeavingOutAbsentFields() {
        assertThat(new String(OUTCOMES.serializer().serialize("s3-events-outcomes", OUTCOME), StandardCharsets.UTF_8))
                .isEqualTo(OUTCOME_JSON);
        assertThat(new String(
                        OUTCOMES.serializer().serialize("s3-events-outcomes", SPARSE_OUTCOME), StandardCharsets.UTF_8))
                .isEqualTo(SPARSE_OUTCOME_JSON);
    }

    @Test
    void readsOutcomeJsonBack() {
        assertThat(OUTCOMES.deserializer()
                        .deserialize("s3-events-outcomes", OUTCOME_JSON.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(OUTCOME);
        assertThat(OUTCOMES.deserializer()
                        .deserialize("s3-events-outcomes", SPARSE_OUTCOME_JSON.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(SPARSE_OUTCOME);
    }
}
