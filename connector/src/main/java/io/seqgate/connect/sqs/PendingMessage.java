package io.seqgate.connect.sqs;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One received SQS message whose records Kafka has yet to acknowledge. Its receipt handle is the one
 * this receive returned: SQS deletes with the handle of the latest receive, so a message that came back
 * after its visibility timeout is a new {@code PendingMessage}.
 */
final class PendingMessage {

    private final String messageId;
    private final String receiptHandle;
    private final AtomicInteger unacknowledged;

    PendingMessage(String messageId, String receiptHandle, int records) {
        this.messageId = messageId;
        this.receiptHandle = receiptHandle;
        this.unacknowledged = new AtomicInteger(records);
    }

    String messageId() {
        return messageId;
    }

    String receiptHandle() {
        return receiptHandle;
    }

    /** Counts one record as done; true for the last one, when the message may be deleted. */
    boolean recordDone() {
        return unacknowledged.decrementAndGet() == 0;
    }
}
