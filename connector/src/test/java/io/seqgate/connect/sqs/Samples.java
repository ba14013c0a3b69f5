package io.seqgate.connect.sqs;

/** Notification bodies as S3, SNS and EventBridge deliver them to SQS (AWS user guide, "Event message structure"). */
public final class Samples {

    private Samples() {}

    /** One S3 record with the fields S3 sends; {@code encodedKey} as S3 writes it (form-URL-encoded). */
    public static String record(String bucket, String encodedKey, String eTag, String sequencer) {
        return """
                {"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"eu-west-1","eventTime":"2026-11-30T10:15:30.123Z",\
                "eventName":"ObjectCreated:Put","userIdentity":{"principalId":"AWS:AIDAEXAMPLE"},\
                "requestParameters":{"sourceIPAddress":"203.0.113.7"},\
                "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},\
                "s3":{"s3SchemaVersion":"1.0","configurationId":"seqgate","bucket":{"name":"%s","ownerIdentity":{"principalId":"A3NL1KOZZKExample"},\
                "arn":"arn:aws:s3:::%s"},"object":{"key":"%s","size":1024,"eTag":"%s","sequencer":"%s"}}}""".formatted(bucket, bucket, encodedKey, eTag, sequencer);
    }

    public static String records(String... records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    /** An SNS notification envelope (no raw message delivery) around {@code message}. */
    public static String sns(String message) {
        return """
                {"Type":"Notification","MessageId":"22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",\
                "TopicArn":"arn:aws:sns:eu-west-1:123456789012:seqgate-s3","Subject":"Amazon S3 Notification",\
                "Message":%s,"Timestamp":"2026-11-30T10:15:30.456Z","SignatureVersion":"1","Signature":"EXAMPLE",\
                "SigningCertURL":"https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-example.pem",\
                "UnsubscribeURL":"https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe"}""".formatted(quoted(message));
    }

    /** An EventBridge "Object Created" event, delivered to SQS by a rule; {@code key} as it is (EventBridge does not encode it). */
    public static String eventBridgeCreated(String bucket, String key, String eTag, String sequencer) {
        return """
                {"version":"0","id":"17793124-05d4-b198-2fde-7ededc63b103","detail-type":"Object Created",\
                "source":"aws.s3","account":"123456789012","time":"2026-11-30T10:15:31Z","region":"eu-west-1",\
                "resources":["arn:aws:s3:::%s"],"detail":{"version":"0","bucket":{"name":"%s"},\
                "object":{"key":"%s","size":5,"etag":"%s","sequencer":"%s"},\
                "request-id":"N4N7GDK58NMKJ12R","requester":"123456789012","source-ip-address":"203.0.113.7","reason":"PutObject"}}""".formatted(bucket, bucket, key, eTag, sequencer);
    }

    /** The test event S3 sends when a notification configuration is saved. */
    public static String testEvent(String bucket) {
        return """
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-30T10:15:29.000Z","Bucket":"%s",\
                "RequestId":"5582815E1AEA5ADF","HostId":"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE"}""".formatted(bucket);
    }

    private static String quoted(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
