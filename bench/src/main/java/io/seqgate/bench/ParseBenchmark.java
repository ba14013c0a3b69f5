package io.seqgate.bench;

import io.seqgate.event.Notification;
import io.seqgate.event.NotificationParser;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Parsing one notification message into object events (JMH). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ParseBenchmark {

    /** An S3 notification as SQS delivers it: the example of the Amazon S3 user guide's event message structure. */
    private static final String S3_RECORDS = """
            {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-west-2",
            "eventTime":"1970-01-01T00:00:00.000Z","eventName":"ObjectCreated:Put",
            "userIdentity":{"principalId":"AIDAJDPLRKLG7UEXAMPLE"},
            "requestParameters":{"sourceIPAddress":"172.16.0.1"},
            "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
            "s3":{"s3SchemaVersion":"1.0","configurationId":"testConfigRule",
            "bucket":{"name":"mybucket","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::mybucket"},
            "object":{"key":"HappyFace.jpg","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e",
            "versionId":"096fKKXTRTtl3on89fVO.nfljtsv6qko","sequencer":"0055AED6DCD90281E5"}}}]}
            """;

    private NotificationParser parser;
    private byte[] minio;
    private byte[] s3Records;

    @Setup
    public void setUp() {
        parser = new NotificationParser();
        minio = NotificationLoad.message(1, 1_700_000_000_000_000_000L);
        s3Records = S3_RECORDS.getBytes(StandardCharsets.UTF_8);
    }

    /** MinIO's Kafka target message (one record, key form-encoded). */
    @Benchmark
    public Notification minioMessage() {
        return parser.parse(minio);
    }

    /** S3's own {@code {"Records":[...]}} message. */
    @Benchmark
    public Notification s3RecordsMessage() {
        return parser.parse(s3Records);
    }
}
