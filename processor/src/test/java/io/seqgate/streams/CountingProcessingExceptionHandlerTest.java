package io.seqgate.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.DeadLetterKinds;
import io.seqgate.outcome.Decision;
import io.seqgate.runtime.StreamsProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class CountingProcessingExceptionHandlerTest {

    /** The context Streams hands the handler for a record of the input topic. */
    private record Context(String processorNodeId, byte[] sourceRawKey, byte[] sourceRawValue)
            implements ErrorHandlerContext {
        @Override
        public String topic() {
            return "s3-events";
        }

        @Override
        public int partition() {
            return 0;
        }

        @Override
        public long offset() {
            return 42;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 0);
        }

        @Override
        public long timestamp() {
            return 0;
        }
    }

    private final List<String> kinds = new ArrayList<>();

    private ProcessingExceptionHandler handler() {
        SeqgateMetrics counting = new SeqgateMetrics() {
            @Override
            public void outcome(Decision decision) {}

            @Override
            public void s3Call(String operation, Duration duration) {}

            @Override
            public void transform(Duration duration) {}

            @Override
            public void endToEnd(Duration duration) {}

            @Override
            public void deadLetter(String kind) {
                kinds.add(kind);
            }
        };
        Properties props = StreamsProperties.of(SeqgateConfig.fromEnv(Map.of()), Duration.ZERO);
        props.put(CountingProcessingExceptionHandler.METRICS_CONFIG, counting);
        return new StreamsConfig(props).processingExceptionHandler();
    }

    private ProcessingExceptionHandler.Response handleIn(String processorNodeId) {
        byte[] key = "input/a.jpg".getBytes(StandardCharsets.UTF_8);
        return handler()
                .handleError(
                        new Context(processorNodeId, key, key),
                        new Record<>("input/a.jpg", "value", 0L),
                        new IllegalStateException("boom"));
    }

    @Test
    void aRecordDeadLetteredByStreamsIsCountedAsProcessingErrorAndProcessingContinues() {
        ProcessingExceptionHandler.Response response = handleIn(Names.GATE);

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        assertThat(kinds).containsExactly(DeadLetterKinds.PROCESSING_ERROR);
    }

    @Test
    void anExceptionFromTheKeyOrderedSinkFailsItsTaskWithoutADeadLetter() {
        ProcessingExceptionHandler.Response response = handleIn(Names.KEY_ORDERED_SINK);

        assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
        assertThat(kinds).isEmpty();
    }
}
