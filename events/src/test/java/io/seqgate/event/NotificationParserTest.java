package io.seqgate.event;

import static io.seqgate.event.Samples.recordObject;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NotificationParserTest {

    private final NotificationParser parser = new NotificationParser();

    private ObjectEvent onlyEvent(byte[] message) {
        Notification notification = parser.parse(message);
        assertThat(notification.notices()).isEmpty();
        assertThat(notification.events()).hasSize(1);
        return notification.events().get(0);
    }

    private ObjectEvent onlyEvent(String sample) {
        return onlyEvent(Samples.bytes(sample));
    }

    // --- every sample shape ---

    @Test
    void readsMinioPutSample() {
        assertThat(onlyEvent("minio-put.json"))
                .isEqualTo(new ObjectEvent(
                        "input",
                        "img7.jpg",
                        "ObjectCreated:Put",
                        EventKind.CREATED,
                        "18A2B3C4D5E6F708",
                        "5d41402abc4b2a76b9719d911017c592",
                        null,
                        48213L,
                        "image/jpeg",
                        Instant.parse("2026-10-01T12:00:00.123Z"),
                        "minio"));
    }

    @Test
    void readsMinioNestedKeySampleWithDecodedKey() {
        ObjectEvent event = onlyEvent("minio-put-nested-key.json");

        assertThat(event.objectKey()).isEqualTo("input/cats/tom and jerry.jpg");
    }

    @Test
    void readsMinioDeleteSampleAsRemoveWithoutETagOrSize() {
        assertThat(onlyEvent("minio-delete.json"))
                .isEqualTo(new ObjectEvent(
                        "input",
                        "img7.jpg",
                        "ObjectRemoved:Delete",
                        EventKind.REMOVED,
                        "18A2B3C4D5E6F800",
                        null,
                        null,
                        null,
                        null,
                        Instant.parse("2026-10-01T12:00:00.123Z"),
                        "minio"));
    }

    @Test
    void readsAwsRecordsPutSample() {
        assertThat(onlyEvent("aws-records-put.json"))
                .isEqualTo(new ObjectEvent(
                        "uploads",
                        "incoming/summer party.jpg",
                        "ObjectCreated:Put",
                        EventKind.CREATED,
                        "0055AED6DCD90281E5",
                        "9b2cf535f27731c974343645a3985328",
                        null,
                        2048L,
                        null,
                        Instant.parse("2026-10-01T12:00:00Z"),
                        "s3"));
    }

    @Test
    void readsAwsRecordsDeleteSample() {
        assertThat(onlyEvent("aws-records-delete.json"))
                .isEqualTo(new ObjectEvent(
                        "uploads",
                        "incoming/summer party.jpg",
                        "ObjectRemoved:Delete",
                        EventKind.REMOVED,
                        "0055AED6DCD90281F0",
                        null,
                        null,
                        null,
                        null,
                        Instant.parse("2026-10-01T12:00:00Z"),
                        "s3"));
    }

    @Test
    void readsVersionIdOfVersionedPutSample() {
        ObjectEvent event = onlyEvent("aws-records-versioned-put.json");

        assertThat(event.versionId()).isEqualTo("3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");
        assertThat(event.objectKey()).isEqualTo("versioned/a/b/c.png");
    }

    @Test
    void readsRecordsInsideSnsEnvelopeWithSourceSns() {
        assertThat(onlyEvent("sns-envelope.json"))
                .isEqualTo(new ObjectEvent(
                        "uploads",
                        "x.jpg",
                        "ObjectCreated:Put",
                        EventKind.CREATED,
                        "0055AED6DCD9028200",
                        "9b2cf535f27731c974343645a3985328",
                        null,
                        2048L,
                        null,
                        Instant.parse("2026-10-01T12:00:00Z"),
                        "sns"));
    }

    @Test
    void turnsS3TestEventIntoNoticeWithoutEvents() {
        Notification notification = parser.parse(Samples.bytes("aws-test-event.json"));

        assertThat(notification.events()).isEmpty();
        assertThat(notification.notices())
                .containsExactly(new Notice("uploads", "s3:TestEvent", "S3 test event: no object"));
    }

    @Test
    void turnsS3TestEventInsideSnsEnvelopeIntoNotice() {
        ObjectNode sns = Samples.json("sns-envelope.json");
        sns.put("Message", new String(Samples.bytes("aws-test-event.json"), UTF_8));

        Notification notification = parser.parse(Samples.bytes(sns));

        assertThat(notification.events()).isEmpty();
        assertThat(notification.notices())
                .containsExactly(new Notice("uploads", "s3:TestEvent", "S3 test event: no object"));
    }

    @Test
    void readsEventBridgeObjectCreatedSample() {
        assertThat(onlyEvent("eventbridge-object-created.json"))
                .isEqualTo(new ObjectEvent(
                        "uploads",
                        "incoming/photo.jpg",
                        "ObjectCreated:PutObject",
                        EventKind.CREATED,
                        "00617F08299329D189",
                        "7a72374e1238761aca7778318b363232",
                        "a7diKodKIlW3mHIvhGvVphz5N_ZcL3RG",
                        99797L,
                        null,
                        Instant.parse("2026-10-01T12:00:00Z"),
                        "eventbridge"));
    }

    @Test
    void readsEventBridgeObjectDeletedSampleWithDeletionTypeInName() {
        assertThat(onlyEvent("eventbridge-object-deleted.json"))
                .isEqualTo(new ObjectEvent(
                        "uploads",
                        "incoming/photo.jpg",
                        "ObjectDeleted:DeleteObject:DeleteMarkerCreated",
                        EventKind.REMOVED,
                        "00617F0837B3DE4C4D",
                        null,
                        null,
                        null,
                        null,
                        Instant.parse("2026-10-01T12:00:00Z"),
                        "eventbridge"));
    }

    @Test
    void namesEventBridgeLifecycleExpirationAsRemoveWithoutSpaces() {
        ObjectNode message = Samples.json("eventbridge-object-deleted.json");
        ((ObjectNode) message.get("detail"))
                .put("reason", "Lifecycle Expiration")
                .put("deletion-type", "Permanently Deleted");

        ObjectEvent event = onlyEvent(Samples.bytes(message));

        assertThat(event.eventName()).isEqualTo("ObjectDeleted:LifecycleExpiration:PermanentlyDeleted");
        assertThat(event.kind()).isEqualTo(EventKind.REMOVED);
    }

    @ParameterizedTest
    @CsvSource({
        "Object Restore Initiated, ObjectRestoreInitiated",
        "Object Restore Completed, ObjectRestoreCompleted",
        "Object Restore Expired, ObjectRestoreExpired",
        "Object Tags Added, ObjectTagsAdded",
        "Object Tags Deleted, ObjectTagsDeleted",
        "Object ACL Updated, ObjectACLUpdated",
        "Object Storage Class Changed, ObjectStorageClassChanged",
        "Object Access Tier Changed, ObjectAccessTierChanged"
    })
    void classifiesOtherEventBridgeDetailTypesAsOther(String detailType, String eventName) {
        ObjectNode message = Samples.json("eventbridge-object-created.json");
        message.put("detail-type", detailType);
        ((ObjectNode) message.get("detail")).remove("reason");

        ObjectEvent event = onlyEvent(Samples.bytes(message));

        assertThat(event.kind()).isEqualTo(EventKind.OTHER);
        assertThat(event.eventName()).isEqualTo(eventName);
    }

    @Test
    void turnsCloudTrailApiCallFromEventBridgeIntoNoticeInsteadOfError() {
        Notification notification = parser.parse(Samples.bytes("eventbridge-cloudtrail-put-object.json"));

        assertThat(notification.events()).isEmpty();
        assertThat(notification.notices())
                .containsExactly(new Notice(
                        null,
                        "AWS API Call via CloudTrail",
                        "EventBridge detail-type 'AWS API Call via CloudTrail' is not an S3 object event"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Async Copy Completion", "Object Renamed In Some Future", "object created"})
    void turnsEveryOtherEventBridgeDetailTypeIntoNoticeWhateverItsDetail(String detailType) {
        ObjectNode message = Samples.json("eventbridge-object-created.json");
        message.put("detail-type", detailType);
        ((ObjectNode) message.get("detail")).remove("bucket");

        Notification notification = parser.parse(Samples.bytes(message));

        assertThat(notification.events()).isEmpty();
        assertThat(notification.notices())
                .singleElement()
                .satisfies(n -> assertThat(n.eventName()).isEqualTo(detailType));
    }

    @Test
    void takesBucketAndKeyFromMinioRecordNotFromEnvelopeKey() {
        ObjectNode message = Samples.json("minio-put.json");
        message.put("Key", "other-bucket/other-key.jpg");

        assertThat(onlyEvent(Samples.bytes(message)).objectKey()).isEqualTo("input/img7.jpg");
    }

    // --- records ---

    @Test
    void splitsMultiRecordMessageIntoEventsInMessageOrder() {
        ObjectNode message = Samples.json("aws-records-put.json");
        ArrayNode records = (ArrayNode) message.get("Records");
        records.add(records.get(0).deepCopy());
        records.add(records.get(0).deepCopy());
        recordObject(message, 1).put("key", "second.jpg");
        recordObject(message, 2).put("key", "third.jpg");

        Notification notification = parser.parse(Samples.bytes(message));

        assertThat(notification.events())
                .extracting(ObjectEvent::key)
                .containsExactly("incoming/summer party.jpg", "second.jpg", "third.jpg");
    }

    @Test
    void stripsSurroundingQuotesFromETag() {
        ObjectNode message = Samples.json("aws-records-put.json");
        recordObject(message, 0).put("eTag", "\"9b2cf535f27731c974343645a3985328\"");

        assertThat(onlyEvent(Samples.bytes(message)).eTag()).isEqualTo("9b2cf535f27731c974343645a3985328");
    }

    @Test
    void leavesSequencerNullWhenAbsent() {
        ObjectNode message = Samples.json("aws-records-put.json");
        recordObject(message, 0).remove("sequencer");

        assertThat(onlyEvent(Samples.bytes(message)).sequencer()).isNull();
    }

    @Test
    void leavesSequencerNullWhenBlank() {
        ObjectNode message = Samples.json("minio-put.json");
        recordObject(message, 0).put("sequencer", "  ");

        assertThat(onlyEvent(Samples.bytes(message)).sequencer()).isNull();
    }

    @Test
    void keepsSequencerAsSentButTrimmed() {
        ObjectNode message = Samples.json("aws-records-put.json");
        recordObject(message, 0).put("sequencer", " 0055aed6dcd90281e5 ");

        assertThat(onlyEvent(Samples.bytes(message)).sequencer()).isEqualTo("0055aed6dcd90281e5");
    }

    @ParameterizedTest
    @CsvSource({
        "ObjectCreated:Put, ObjectCreated:Put, CREATED",
        "ObjectCreated:Post, ObjectCreated:Post, CREATED",
        "ObjectCreated:Copy, ObjectCreated:Copy, CREATED",
        "ObjectCreated:CompleteMultipartUpload, ObjectCreated:CompleteMultipartUpload, CREATED",
        "s3:ObjectCreated:Put, ObjectCreated:Put, CREATED",
        "ObjectRemoved:Delete, ObjectRemoved:Delete, REMOVED",
        "ObjectRemoved:DeleteMarkerCreated, ObjectRemoved:DeleteMarkerCreated, REMOVED",
        "s3:ObjectRemoved:Delete, ObjectRemoved:Delete, REMOVED",
        "LifecycleExpiration:Delete, LifecycleExpiration:Delete, REMOVED",
        "LifecycleExpiration:DeleteMarkerCreated, LifecycleExpiration:DeleteMarkerCreated, REMOVED",
        "s3:ObjectCreated:Post, ObjectCreated:Post, CREATED",
        "s3:ObjectCreated:Copy, ObjectCreated:Copy, CREATED",
        "s3:ObjectCreated:CompleteMultipartUpload, ObjectCreated:CompleteMultipartUpload, CREATED",
        "s3:ObjectCreated:PutRetention, ObjectCreated:PutRetention, OTHER",
        "ObjectCreated:PutRetention, ObjectCreated:PutRetention, OTHER",
        "s3:ObjectCreated:PutLegalHold, ObjectCreated:PutLegalHold, OTHER",
        "ObjectCreated:PutLegalHold, ObjectCreated:PutLegalHold, OTHER",
        "s3:ObjectCreated:PutTagging, ObjectCreated:PutTagging, OTHER",
        "ObjectCreated:PutTagging, ObjectCreated:PutTagging, OTHER",
        "s3:ObjectCreated:DeleteTagging, ObjectCreated:DeleteTagging, OTHER",
        "ObjectCreated:DeleteTagging, ObjectCreated:DeleteTagging, OTHER",
        "s3:ObjectRemoved:DeleteMarkerCreated, ObjectRemoved:DeleteMarkerCreated, REMOVED",
        "s3:ObjectRemoved:DeleteAllVersions, ObjectRemoved:DeleteAllVersions, REMOVED",
        "s3:ObjectRemoved:NoOP, ObjectRemoved:NoOP, OTHER",
        "ObjectRemoved:NoOP, ObjectRemoved:NoOP, OTHER",
        "s3:LifecycleDelMarkerExpiration:Delete, LifecycleDelMarkerExpiration:Delete, REMOVED",
        "ObjectCreated:SomeFutureUpload, ObjectCreated:SomeFutureUpload, CREATED",
        "ObjectRemoved:SomeFutureDelete, ObjectRemoved:SomeFutureDelete, REMOVED",
        "ObjectRestore:Post, ObjectRestore:Post, OTHER",
        "ObjectRestore:Completed, ObjectRestore:Completed, OTHER",
        "ObjectRestore:Delete, ObjectRestore:Delete, OTHER",
        "ObjectTagging:Delete, ObjectTagging:Delete, OTHER",
        "ObjectAcl:Put, ObjectAcl:Put, OTHER",
        "IntelligentTiering, IntelligentTiering, OTHER",
        "ReducedRedundancyLostObject, ReducedRedundancyLostObject, OTHER",
        "s3:ObjectTransition:Complete, ObjectTransition:Complete, OTHER",
        "s3:Replication:OperationCompletedReplication, Replication:OperationCompletedReplication, OTHER",
        "s3:Scanner:ManyVersions, Scanner:ManyVersions, OTHER",
        "ObjectTagging:Put, ObjectTagging:Put, OTHER",
        "Replication:OperationFailedReplication, Replication:OperationFailedReplication, OTHER",
        "LifecycleTransition, LifecycleTransition, OTHER",
        "s3:ObjectAccessed:Get, ObjectAccessed:Get, OTHER",
        "ObjectCreatedLater:Put, ObjectCreatedLater:Put, OTHER"
    })
    void normalisesEventNameAndDerivesKind(String sent, String eventName, EventKind kind) {
        ObjectNode message = Samples.json("aws-records-put.json");
        ((ObjectNode) message.at("/Records/0")).put("eventName", sent);

        ObjectEvent event = onlyEvent(Samples.bytes(message));

        assertThat(event.eventName()).isEqualTo(eventName);
        assertThat(event.kind()).isEqualTo(kind);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "yesterday",
                "2026-13-01T00:00:00Z",
                "2026-10-01 12:00:00",
                "+300000000-01-01T00:00:00Z" /* parses, but overflows epoch milliseconds */
            })
    void leavesUnreadableEventTimeNullInsteadOfFailing(String time) {
        ObjectNode message = Samples.json("minio-put.json");
        ((ObjectNode) message.at("/Records/0")).put("eventTime", time);

        assertThat(onlyEvent(Samples.bytes(message)).eventTime()).isNull();
    }

    @Test
    void leavesNonStringEventTimeNullInsteadOfFailing() {
        ObjectNode message = Samples.json("minio-put.json");
        ((ObjectNode) message.at("/Records/0")).put("eventTime", 1_790_000_000L);

        assertThat(onlyEvent(Samples.bytes(message)).eventTime()).isNull();
    }

    @Test
    void readsEventTimeWithNanoseconds() {
        ObjectNode message = Samples.json("minio-put.json");
        ((ObjectNode) message.at("/Records/0")).put("eventTime", "2026-10-01T12:00:00.123456789Z");

        assertThat(onlyEvent(Samples.bytes(message)).eventTime())
                .isEqualTo(Instant.parse("2026-10-01T12:00:00.123456789Z"));
    }

    @Test
    void ignoresUnknownFields() {
        ObjectNode message = Samples.json("aws-records-put.json");
        message.put("Extra", 1);
        recordObject(message, 0).putObject("somethingNew").put("x", true);

        assertThat(onlyEvent(Samples.bytes(message))).isEqualTo(onlyEvent(Samples.bytes("aws-records-put.json")));
    }

    @Test
    void acceptsNullForOptionalFields() {
        ObjectNode message = Samples.json("minio-put.json");
        recordObject(message, 0)
                .putNull("size")
                .putNull("eTag")
                .putNull("versionId")
                .putNull("contentType")
                .putNull("sequencer");

        ObjectEvent event = onlyEvent(Samples.bytes(message));

        assertThat(event)
                .extracting(
                        ObjectEvent::size,
                        ObjectEvent::eTag,
                        ObjectEvent::versionId,
                        ObjectEvent::contentType,
                        ObjectEvent::sequencer)
                .containsOnlyNulls();
    }
}
