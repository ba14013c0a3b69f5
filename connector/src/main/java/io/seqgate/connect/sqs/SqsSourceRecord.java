package io.seqgate.connect.sqs;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * A record that knows the SQS message it was made from. Connect hands {@code commitRecord} the very
 * record {@code poll} returned (before transformations), so the acknowledgement finds its message
 * without a lookup table.
 */
final class SqsSourceRecord extends SourceRecord {

    private final PendingMessage message;

    SqsSourceRecord(
            PendingMessage message,
            Map<String, ?> sourcePartition,
            Map<String, ?> sourceOffset,
            String topic,
            String key,
            byte[] value,
            Headers headers) {
        super(
                sourcePartition,
                sourceOffset,
                topic,
                null,
                Schema.OPTIONAL_STRING_SCHEMA,
                key,
                Schema.BYTES_SCHEMA,
                value,
                null,
                headers);
        this.message = message;
    }

    PendingMessage message() {
        return message;
    }
}
