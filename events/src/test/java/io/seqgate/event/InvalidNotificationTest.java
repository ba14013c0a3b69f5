package io.seqgate.event;

import static io.seqgate.event.Samples.recordObject;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages that must go to the dead letter topic, each with a message an operator can act on. */
class InvalidNotificationTest {

    private final NotificationParser parser = new NotificationParser();

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(byte[] message) {
        return assertThatThrownBy(() -> parser.parse(message)).isInstanceOf(InvalidNotificationException.class);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(String message) {
        return assertRejected(message.getBytes(UTF_8));
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(ObjectNode message) {
        return assertRejected(Samples.bytes(message));
    }

    @Test
    void rejectsNullMessageAsEmpty() {
        assertRejected((byte[]) null).hasMessage("empty message");
    }

    @Test
    void rejectsZeroBytesAsEmpty() {
        assertRejected(new byte[0]).hasMessage("empty message");
    }

    @Test
    void rejectsWhitespaceOnlyMessageAsEmpty() {
        assertRejected(" \n\t").hasMessageStartingWith("empty message");
    }

    @Test
    void rejectsBytesThatAreNotUtf8WithTheirOffset() {
        byte[] latin1 = "{\"Records\":\"caf\u00e9\"}".getBytes(ISO_8859_1);

        assertRejected(latin1).hasMessage("not UTF-8: invalid byte sequence at byte offset 15");
    }

    @Test
    void rejectsTextThatIsNotJson() {
        assertRejected("hello").hasMessageStartingWith("message is not JSON: ").hasMessageContaining("line 1, column");
    }

    @Test
    void rejectsTruncatedJson() {
        assertRejected("{\"Records\":[{").hasMessageStartingWith("message is not JSON: ");
    }

    @Test
    void rejectsTwoMessagesGluedTogether() {
        assertRejected("{\"Event\":\"s3:TestEvent\"}{\"Event\":\"s3:TestEvent\"}")
                .hasMessageStartingWith("message is not JSON: ");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertRejected("[1,2]").hasMessage("message is a JSON array, expected a JSON object");
    }

    @Test
    void rejectsObjectOfUnknownShapeListingWhatWasLookedFor() {
        assertRejected("{\"hello\":\"world\",\"n\":1}")
                .hasMessage("JSON but no known notification shape:"
                        + " no Records, no EventBridge detail from source aws.s3, no SNS Message, no S3 test event;"
                        + " top-level fields: [hello, n]");
    }

    @Test
    void rejectsEventBridgeEventFromAnotherServiceNamingItsSource() {
        assertRejected("{\"source\":\"aws.ec2\",\"detail-type\":\"EC2 Instance State-change\",\"detail\":{}}")
                .hasMessageContaining("source 'aws.ec2', not aws.s3");
    }

    @Test
    void rejectsRecordsThatIsNotAnArray() {
        assertRejected("{\"Records\":{}}").hasMessage("Records is an empty JSON object, expected an array");
    }

    @Test
    void rejectsEmptyRecordsArray() {
        assertRejected("{\"Records\":[]}").hasMessageStartingWith("Records is empty");
    }

    @Test
    void rejectsRecordThatIsNotAnObject() {
        assertRejected("{\"Records\":[null]}").hasMessage("Records[0] is a JSON null (null), expected a JSON object");
    }

    @Test
    void rejectsRecordWithoutEventName() {
        ObjectNode message = Samples.json("aws-records-put.json");
        ((ObjectNode) message.at("/Records/0")).remove("eventName");

        assertRejected(message).hasMessage("Records[0].eventName is missing");
    }

    @Test
    void rejectsRecordWithoutBucketName() {
        ObjectNode message = Samples.json("aws-records-put.json");
        ((ObjectNode) message.at("/Records/0/s3/bucket")).remove("name");

        assertRejected(message).hasMessage("Records[0].s3.bucket.name is missing");
    }

    @Test
    void rejectsRecordWithoutObjectKey() {
        ObjectNode message = Samples.json("minio-put.json");
        recordObject(message, 0).remove("key");

        assertRejected(message).hasMessage("Records[0].s3.object.key is missing");
    }

    @Test
    void rejectsRecordWithEmptyObjectKey() {
        ObjectNode message = Samples.json("minio-put.json");
        recordObject(message, 0).put("key", "");

        assertRejected(message).hasMessage("Records[0].s3.object.key is empty");
    }

    @Test
    void rejectsKeyWithInvalidPercentEscape() {
        ObjectNode message = Samples.json("aws-records-put.json");
        recordObject(message, 0).put("key", "100%.jpg");

        assertRejected(message)
                .hasMessageStartingWith("Records[0].s3.object.key \"100%.jpg\" is not valid URL encoding: ");
    }

    @Test
    void rejectsKeyWhosePercentEscapesAreNotUtf8() {
        ObjectNode message = Samples.json("aws-records-put.json");
        recordObject(message, 0).put("key", "caf%E9.jpg");

        assertRejected(message)
                .hasMessage("Records[0].s3.object.key \"caf%E9.jpg\" has percent-escapes that are not UTF-8");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "x%ED%A0%80.jpg" /* an encoded surrogate */,
                "%C0%AF.jpg" /* overlong '/' */,
                "%E2%82.jpg" /* truncated sequence */,
                "caf%C3.jpg" /* lead byte at the end */
            })
    void rejectsPercentEscapesThatAreNotWellFormedUtf8(String key) {
        ObjectNode message = Samples.json("aws-records-put.json");
        recordObject(message, 0).put("key", key);

        assertRejected(message)
                .hasMessage("Records[0].s3.object.key \"" + key + "\" has percent-escapes that are not UTF-8");
    }

    @Test
    void rejectsPercentFollowedByNonAsciiDigits() {
        ObjectNode message = Samples.json("aws-records-put.json");
        recordObject(message, 0).put("key", "a%\uFF11\uFF11.jpg");

        assertRejected(message)
                .hasMessage("Records[0].s3.object.key \"a%\uFF11\uFF11.jpg\" is not valid URL"
                        + " encoding: '%' at index 1 is not followed by two hex digits");
    }

    @Test
    void rejectsKeyWithLoneSurrogateAsNotUnicode() {
        String message = """
                {"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},\
                "object":{"key":"x\\ud800","sequencer":"0A"}}}]}""";

        assertRejected(message)
                .hasMessage("Records[0].s3.object.key is not valid Unicode:"
                        + " lone surrogate U+D800 at index 1, which has no UTF-8 form");
    }

    @Test
    void rejectsBucketWithLoneSurrogateAsNotUnicode() {
        String message = """
                {"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b\\udc00x"},\
                "object":{"key":"x","sequencer":"0A"}}}]}""";

        assertRejected(message)
                .hasMessage("Records[0].s3.bucket.name is not valid Unicode:"
                        + " lone surrogate U+DC00 at index 1, which has no UTF-8 form");
    }

    @Test
    void rejectsKeyLongerThan1024BytesOfUtf8() {
        ObjectNode message = Samples.json("aws-records-put.json");
        recordObject(message, 0).put("key", "%C3%A9".repeat(512) + "x");

        assertRejected(message)
                .hasMessage(
                        "Records[0].s3.object.key decodes to a key of 1025 bytes (UTF-8); S3 object keys are at most 1024 bytes");
    }

    @Test
    void rejectsBucketNameLongerThan63Characters() {
        ObjectNode message = Samples.json("aws-records-put.json");
        ((ObjectNode) message.at("/Records/0/s3/bucket")).put("name", "b".repeat(64));

        assertRejected(message)
                .hasMessage(
                        "Records[0].s3.bucket.name is 64 bytes long (UTF-8); S3 bucket names are at most 63 characters");
    }

    @ParameterizedTest
    @CsvSource({
        "versionId, 1025, S3 version ids are at most 1024 bytes",
        "eTag, 257, seqgate accepts eTags of at most 256 bytes",
        "sequencer, 257, seqgate accepts sequencers of at most 256 bytes"
    })
    void rejectsObjectFieldLongerThanItsLimit(String field, int length, String rule) {
        ObjectNode message = Samples.json("aws-records-put.json");
        recordObject(message, 0).put(field, "A".repeat(length));

        assertRejected(message)
                .hasMessage("Records[0].s3.object." + field + " is " + length + " bytes long (UTF-8); " + rule);
    }

    @Test
    void rejectsEventNameLongerThan256Bytes() {
        ObjectNode message = Samples.json("aws-records-put.json");
        ((ObjectNode) message.at("/Records/0")).put("eventName", "ObjectCreated:" + "P".repeat(243));

        assertRejected(message)
                .hasMessage(
                        "Records[0].eventName is 257 bytes long (UTF-8); seqgate accepts event names of at most 256 bytes");
    }

    @Test
    void rejectsFieldOver64KiBWithTheLimitAsReason() {
        ObjectNode message = Samples.json("aws-records-put.json");
        recordObject(message, 0).put("versionId", "v".repeat(70_000));

        assertRejected(message)
                .hasMessage(
                        "Records[0].s3.object.versionId is 70000 bytes long (UTF-8); S3 version ids are at most 1024 bytes");
    }

    @Test
    void rejectsEventBridgeVersionIdLongerThanItsLimit() {
        ObjectNode message = Samples.json("eventbridge-object-created.json");
        ((ObjectNode) message.at("/detail/object")).put("version-id", "v".repeat(1025));

        assertRejected(message)
                .hasMessage("EventBridge event: detail.object.version-id is 1025 bytes long (UTF-8);"
                        + " S3 version ids are at most 1024 bytes");
    }

    @Test
    void rejectsKeyThatIsNotAString() {
        ObjectNode message = Samples.json("aws-records-put.json");
        recordObject(message, 0).put("key", 42);

        assertRejected(message).hasMessage("Records[0].s3.object.key is a JSON number (42), expected a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"2048\"", "20.5", "-1", "true", "{}", "99999999999999999999"})
    void rejectsSizeThatIsNotAWholeNumberOfBytes(String size) throws Exception {
        ObjectNode message = Samples.json("aws-records-put.json");
        recordObject(message, 0).set("size", Samples.JSON.readTree(size));

        assertRejected(message)
                .hasMessageStartingWith("Records[0].s3.object.size is ")
                .hasMessageEndingWith(", expected a whole number of bytes");
    }

    @Test
    void rejectsMissingS3ObjectNamingThePath() {
        ObjectNode message = Samples.json("minio-delete.json");
        ((ObjectNode) message.at("/Records/0/s3")).remove("object");

        assertRejected(message).hasMessage("Records[0].s3.object is missing");
    }

    @Test
    void rejectsSnsMessageThatIsNotAString() {
        ObjectNode message = Samples.json("sns-envelope.json");
        message.putObject("Message");

        assertRejected(message).hasMessageStartingWith("SNS envelope: Message is an empty JSON object");
    }

    @Test
    void rejectsSnsMessageThatIsNotJson() {
        ObjectNode message = Samples.json("sns-envelope.json");
        message.put("Message", "Records: none");

        assertRejected(message).hasMessageStartingWith("SNS envelope: Message is not JSON: ");
    }

    @Test
    void rejectsSnsMessageWithoutS3Notification() {
        ObjectNode message = Samples.json("sns-envelope.json");
        message.put("Message", "{\"hello\":1}");

        assertRejected(message)
                .hasMessage("SNS envelope: Message holds no S3 notification:"
                        + " no Records, no S3 test event; its top-level fields: [hello]");
    }

    @Test
    void namesSnsMessageInPathOfBadRecord() {
        ObjectNode message = Samples.json("sns-envelope.json");
        message.put("Message", "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{}}}]}");

        assertRejected(message).hasMessage("SNS Message: Records[0].s3.bucket.name is missing");
    }

    @Test
    void rejectsEventBridgeEventWithoutObjectKey() {
        ObjectNode message = Samples.json("eventbridge-object-created.json");
        ((ObjectNode) message.at("/detail/object")).remove("key");

        assertRejected(message).hasMessage("EventBridge event: detail.object.key is missing");
    }

    @Test
    void rejectsEventBridgeEventWithEmptyObjectKey() {
        ObjectNode message = Samples.json("eventbridge-object-created.json");
        ((ObjectNode) message.at("/detail/object")).put("key", "");

        assertRejected(message).hasMessage("EventBridge event: detail.object.key is empty");
    }

    @Test
    void rejectsEventBridgeKeyLongerThan1024BytesOfUtf8() {
        ObjectNode message = Samples.json("eventbridge-object-created.json");
        ((ObjectNode) message.at("/detail/object")).put("key", "\u00e9".repeat(512) + "x");

        assertRejected(message)
                .hasMessage("EventBridge event: detail.object.key is a key of 1025 bytes (UTF-8);"
                        + " S3 object keys are at most 1024 bytes");
    }

    @Test
    void rejectsEventBridgeEventWithoutDetail() {
        ObjectNode message = Samples.json("eventbridge-object-created.json");
        message.remove("detail");

        assertRejected(message).hasMessage("EventBridge event: detail is missing");
    }
}
