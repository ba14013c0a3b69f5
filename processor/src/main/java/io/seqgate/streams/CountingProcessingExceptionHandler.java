package io.seqgate.streams;

import io.seqgate.metrics.SeqgateMetrics;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Kafka Streams' log-and-continue handler for exceptions thrown inside a processor (it writes the
 * record to the dead-letter topic, KIP-1034), counting each dead letter it writes as
 * {@code processing-error}: such a record is as much lost to the output as an unparseable message, so
 * it must show on {@code /metrics} too. Streams instantiates the handler by class name; the metrics
 * reach it as the object under {@link #METRICS_CONFIG} in the Streams properties.
 */
public class CountingProcessingExceptionHandler extends LogAndContinueProcessingExceptionHandler {

    /** Streams property holding the {@link SeqgateMetrics} to count into; none counts nothing. */
    public static final String METRICS_CONFIG = "seqgate.metrics";

    private SeqgateMetrics metrics = SeqgateMetrics.none();

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        if (configs.get(METRICS_CONFIG) instanceof SeqgateMetrics configured) {
            metrics = configured;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        Response response = super.handleError(context, record, exception);
        for (int i = 0; i < response.deadLetterQueueRecords().size(); i++) {
            metrics.deadLetter(DeadLetters.KIND_PROCESSING_ERROR);
        }
        return response;
    }
}
