package io.seqgate.connect.sqs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;

/**
 * Deletes acknowledged messages from the queue on a thread of its own, ten per DeleteMessageBatch call
 * (the SQS maximum). Acknowledgements arrive on the Kafka producer's I/O thread, which must not wait
 * for SQS. A delete that fails is only logged: the message comes back after its visibility timeout, is
 * written again, and seqgate answers DUPLICATE.
 */
final class MessageDeleter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MessageDeleter.class);
    private static final int SQS_BATCH_LIMIT = 10;

    private final SqsClient sqs;
    private final String queueUrl;
    private final BlockingQueue<PendingMessage> ready = new LinkedBlockingQueue<>();
    private final ExecutorService thread;

    MessageDeleter(SqsClient sqs, String queueUrl, String threadName) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues the message for deletion; returns at once. */
    void delete(PendingMessage message) {
        ready.add(message);
        try {
            thread.execute(this::drain);
        } catch (RejectedExecutionException e) {
            LOG.info(
                    "SQS message {} acknowledged after the task stopped: not deleted, it comes back after the "
                            + "visibility timeout",
                    message.messageId());
        }
    }

    private void drain() {
        List<PendingMessage> batch = new ArrayList<>(SQS_BATCH_LIMIT);
        while (ready.drainTo(batch, SQS_BATCH_LIMIT) > 0) {
            deleteBatch(batch);
            batch.clear();
        }
    }

    private void deleteBatch(List<PendingMessage> batch) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder()
                    .id(String.valueOf(i))
                    .receiptHandle(batch.get(i).receiptHandle())
                    .build());
        }
        try {
            DeleteMessageBatchResponse response =
                    sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
            for (BatchResultErrorEntry failed : response.failed()) {
                LOG.warn(
                        "SQS did not delete message {}: {} {}; it comes back after the visibility timeout",
                        batch.get(Integer.parseInt(failed.id())).messageId(),
                        failed.code(),
                        failed.message());
            }
        } catch (SdkException e) {
            LOG.warn(
                    "Deleting {} SQS messages failed; they come back after the visibility timeout: {}",
                    batch.size(),
                    e.getMessage());
        }
    }

    /** Deletes what is already acknowledged, waiting up to the timeout, and takes no more. */
    void close(long timeoutMillis) {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS)) {
                LOG.warn(
                        "SQS deletes still running after {} ms; those messages come back after the visibility timeout",
                        timeoutMillis);
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(10_000);
    }
}
