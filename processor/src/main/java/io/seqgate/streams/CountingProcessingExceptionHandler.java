package io.seqgate.streams;

import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.DeadLetterKinds;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' log-and-continue handler for exceptions thrown inside a processor (it writes the
 * record to the dead-letter topic, KIP-1034), counting each dead letter it writes as
 * {@code processing-error}: such a record is as much lost to the output as an unparseable message, so
 * it must show on {@code /metrics} too. Streams instantiates the handler by class name; the metrics
 * reach it as the object under {@link #METRICS_CONFIG} in the Streams properties.
 *
 * <p>One exception: what the key-ordered sink throws (a record, or its punctuator) fails the task
 * instead. The gate has stored the event as accepted by then, and the sink may have written part of
 * what goes with it (the pending-work entry, an outcome); carrying on would commit the acceptance
 * without its pending entry — an event with no outcome ever, whose dead-letter copy would replay as
 * a DUPLICATE. Failing aborts the task's transaction with all of it, and the stream thread is
 * replaced (the runner's uncaught-exception handler); the record is processed again from the last
 * commit. Should it fail every time, liveness turns false (docs/async-sink.md, "Liveness").
 */
public class CountingProcessingExceptionHandler extends LogAndContinueProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(CountingProcessingExceptionHandler.class);

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
        if (Names.KEY_ORDERED_SINK.equals(context.processorNodeId())) {
            LOG.error(
                    "The key-ordered sink failed in task {}; failing the task so that its transaction is aborted",
                    context.taskId(),
                    exception);
            return Response.fail();
        }
        Response response = super.handleError(context, record, exception);
        for (int i = 0; i < response.deadLetterQueueRecords().size(); i++) {
            metrics.deadLetter(DeadLetterKinds.PROCESSING_ERROR);
        }
        return response;
    }
}
