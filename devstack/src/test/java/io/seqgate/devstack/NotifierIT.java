package io.seqgate.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.devstack.stack.EmbeddedS3;
import io.seqgate.devstack.stack.MinioNotifier;
import io.seqgate.streams.KeyPartitioning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

@ExtendWith(DevStackExtension.class)
class NotifierIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Duration QUIET = Duration.ofMillis(700);

    private static DevStack stack;
    private static S3Client s3;

    private TopicReader events;
    private String prefix;

    @BeforeAll
    static void connect(DevStack devStack, S3Client client) {
        stack = devStack;
        s3 = client;
    }

    @BeforeEach
    void readEvents() {
        events = new TopicReader(stack.bootstrapServers(), stack.inputTopic());
        prefix = "t-" + UUID.randomUUID() + "/";
    }

    @AfterEach
    void stopReading() {
        events.close();
    }

    @Test
    void putPublishesOneMinioMessageOnTheFnvPartitionWithTheStoredETagAndSize() throws Exception {
        String key = prefix + "img7.jpg";
        byte[] body = "not really a jpeg".getBytes(StandardCharsets.UTF_8);

        PutObjectResponse put = s3.putObject(
                b -> b.bucket("input").key(key).contentType("image/jpeg").metadata(Map.of("colour", "black")),
                RequestBody.fromBytes(body));

        ConsumerRecord<String, String> record = awaitRecords("input/" + key, 1).get(0);
        await().during(QUIET)
                .atMost(QUIET.plusSeconds(5))
                .untilAsserted(() ->
                        assertThat(events.records(("input/" + key)::equals)).hasSize(1));
        assertThat(record.partition())
                .isEqualTo(KeyPartitioning.MINIO_FNV1A.partition("input/" + key, DevStack.INPUT_PARTITIONS));
        JsonNode message = JSON.readTree(record.value());
        assertThat(message.path("EventName").asText()).isEqualTo("s3:ObjectCreated:Put");
        assertThat(message.path("Key").asText()).isEqualTo("input/" + key);
        JsonNode event = message.path("Records").get(0);
        assertThat(event.path("eventVersion").asText()).isEqualTo("2.0");
        assertThat(event.path("eventSource").asText()).isEqualTo("minio:s3");
        assertThat(event.path("eventName").asText()).isEqualTo("s3:ObjectCreated:Put");
        assertThat(event.path("eventTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(event.path("s3").path("bucket").path("name").asText()).isEqualTo("input");
        assertThat(event.path("s3").path("bucket").path("arn").asText()).isEqualTo("arn:aws:s3:::input");
        JsonNode object = event.path("s3").path("object");
        assertThat(object.path("eTag").asText()).isEqualTo(put.eTag().replace("\"", ""));
        assertThat(object.path("size").asLong()).isEqualTo(body.length);
        assertThat(object.path("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(object.path("userMetadata").path("content-type").asText()).isEqualTo("image/jpeg");
        assertThat(object.path("userMetadata").path("X-Amz-Meta-Colour").asText())
                .isEqualTo("black");
        assertThat(object.path("sequencer").asText()).matches("[0-9A-F]{16}");
        assertThat(object.has("versionId"))
                .as("versionId in an unversioned bucket")
                .isFalse();
    }

    @Test
    void keyWithSpacesAndSlashesIsFormEncodedInTheRecordAndDecodedInTheKafkaKey() throws Exception {
        String key = prefix + "cats/tom and jerry+1.jpg";

        s3.putObject(b -> b.bucket("input").key(key), RequestBody.fromString("meow"));

        ConsumerRecord<String, String> record = awaitRecords("input/" + key, 1).get(0);
        JsonNode message = JSON.readTree(record.value());
        assertThat(message.path("Key").asText()).isEqualTo("input/" + key);
        assertThat(message.path("Records")
                        .get(0)
                        .path("s3")
                        .path("object")
                        .path("key")
                        .asText())
                .isEqualTo(prefix.replace("/", "%2F") + "cats%2Ftom+and+jerry%2B1.jpg");
    }

    @Test
    void putOverwriteDeleteOfOneKeyPublishThreeMessagesWithIncreasingSequencers() throws Exception {
        String key = prefix + "img7.jpg";

        s3.putObject(b -> b.bucket("input").key(key), RequestBody.fromString("cat"));
        s3.putObject(b -> b.bucket("input").key(key), RequestBody.fromString("dog"));
        s3.deleteObject(b -> b.bucket("input").key(key));

        List<ConsumerRecord<String, String>> records = awaitRecords("input/" + key, 3);
        assertThat(records)
                .extracting(NotifierIT::eventName)
                .containsExactly("s3:ObjectCreated:Put", "s3:ObjectCreated:Put", "s3:ObjectRemoved:Delete");
        List<Long> sequencers = records.stream()
                .map(r -> Long.parseUnsignedLong(sequencer(r), 16))
                .toList();
        assertThat(sequencers).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void conditionalPutRejectedWith412PublishesNothing() throws Exception {
        String key = prefix + "img7.jpg";
        s3.putObject(b -> b.bucket("input").key(key), RequestBody.fromString("first"));

        assertThatThrownBy(() -> s3.putObject(
                        b -> b.bucket("input").key(key).ifNoneMatch("*"), RequestBody.fromString("second")))
                .isInstanceOfSatisfying(
                        S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
        PutObjectResponse third = s3.putObject(b -> b.bucket("input").key(key), RequestBody.fromString("third"));

        // Messages of one key share a partition and are sent in order: had the 412 been published,
        // it would sit between the first and the third.
        List<ConsumerRecord<String, String>> records = awaitRecords("input/" + key, 2);
        await().during(QUIET)
                .atMost(QUIET.plusSeconds(5))
                .untilAsserted(() ->
                        assertThat(events.records(("input/" + key)::equals)).hasSize(2));
        assertThat(JSON.readTree(records.get(1).value())
                        .path("Records")
                        .get(0)
                        .path("s3")
                        .path("object")
                        .path("eTag")
                        .asText())
                .isEqualTo(third.eTag().replace("\"", ""));
    }

    @Test
    void conditionalPutAcceptedWithIfMatchPublishesIt() throws Exception {
        String key = prefix + "img7.jpg";
        PutObjectResponse first = s3.putObject(b -> b.bucket("input").key(key), RequestBody.fromString("first"));

        s3.putObject(b -> b.bucket("input").key(key).ifMatch(first.eTag()), RequestBody.fromString("second"));

        assertThat(awaitRecords("input/" + key, 2)).hasSize(2);
    }

    @Test
    void unsubscribedBucketPublishesNothing() {
        String key = prefix + "result.jpg";

        s3.putObject(b -> b.bucket("output").key(key), RequestBody.fromString("out"));
        s3.putObject(b -> b.bucket("input").key(key), RequestBody.fromString("in"));

        awaitRecords("input/" + key, 1);
        await().during(QUIET)
                .atMost(QUIET.plusSeconds(5))
                .untilAsserted(() ->
                        assertThat(events.records(k -> k.startsWith("output/"))).isEmpty());
    }

    @Test
    void copyIsPublishedAsObjectCreatedCopyWithTheCopysETag() throws Exception {
        String source = prefix + "a.jpg";
        String target = prefix + "b.jpg";
        s3.putObject(b -> b.bucket("input").key(source), RequestBody.fromString("copy me"));

        CopyObjectResponse copy = s3.copyObject(b -> b.sourceBucket("input")
                .sourceKey(source)
                .destinationBucket("input")
                .destinationKey(target));

        JsonNode message =
                JSON.readTree(awaitRecords("input/" + target, 1).get(0).value());
        assertThat(message.path("EventName").asText()).isEqualTo("s3:ObjectCreated:Copy");
        JsonNode object = message.path("Records").get(0).path("s3").path("object");
        assertThat(object.path("eTag").asText())
                .isEqualTo(copy.copyObjectResult().eTag().replace("\"", ""));
        assertThat(object.path("size").asLong()).isEqualTo("copy me".length());
    }

    @Test
    void multipartUploadIsPublishedOnceOnCompletionWithoutHelperObjects() throws Exception {
        String key = prefix + "big.bin";
        String uploadId =
                s3.createMultipartUpload(b -> b.bucket("input").key(key)).uploadId();
        UploadPartResponse part = s3.uploadPart(
                b -> b.bucket("input").key(key).uploadId(uploadId).partNumber(1), RequestBody.fromString("only part"));

        CompleteMultipartUploadResponse done = s3.completeMultipartUpload(b -> b.bucket("input")
                .key(key)
                .uploadId(uploadId)
                .multipartUpload(CompletedMultipartUpload.builder()
                        .parts(CompletedPart.builder()
                                .partNumber(1)
                                .eTag(part.eTag())
                                .build())
                        .build()));

        JsonNode message = JSON.readTree(awaitRecords("input/" + key, 1).get(0).value());
        assertThat(message.path("EventName").asText()).isEqualTo("s3:ObjectCreated:CompleteMultipartUpload");
        assertThat(message.path("Records")
                        .get(0)
                        .path("s3")
                        .path("object")
                        .path("eTag")
                        .asText())
                .isEqualTo(done.eTag().replace("\"", ""));
        await().during(QUIET)
                .atMost(QUIET.plusSeconds(5))
                .untilAsserted(() -> assertThat(events.records(k -> k.contains(".s3proxy-mpu-stub-")))
                        .isEmpty());
    }

    @Test
    void batchDeletePublishesOneRemovalPerKey() {
        List<String> keys = List.of(prefix + "1.jpg", prefix + "2.jpg", prefix + "3.jpg");
        keys.forEach(key -> s3.putObject(b -> b.bucket("input").key(key), RequestBody.fromString(key)));

        s3.deleteObjects(b -> b.bucket("input")
                .delete(Delete.builder()
                        .objects(keys.stream()
                                .map(key -> ObjectIdentifier.builder().key(key).build())
                                .toList())
                        .build()));

        for (String key : keys) {
            assertThat(awaitRecords("input/" + key, 2))
                    .extracting(NotifierIT::eventName)
                    .containsExactly("s3:ObjectCreated:Put", "s3:ObjectRemoved:Delete");
        }
    }

    @Test
    void versionedBucketReportsTheStoredVersionId() throws Exception {
        String bucket = "versioned";
        stack.s3().createBucket(bucket);
        stack.s3().enableVersioning(bucket);
        stack.s3().subscribe(bucket);
        String key = prefix + "img7.jpg";

        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("v1"));

        assertThat(put.versionId()).isNotBlank();
        JsonNode object = JSON.readTree(
                        awaitRecords(bucket + "/" + key, 1).get(0).value())
                .path("Records")
                .get(0)
                .path("s3")
                .path("object");
        assertThat(object.path("versionId").asText()).isEqualTo(put.versionId());
    }

    @Test
    void deleteOfAKeyThatDoesNotExistPublishesNoOp() throws Exception {
        String key = prefix + "never.jpg";

        s3.deleteObject(b -> b.bucket("input").key(key));

        JsonNode message = JSON.readTree(awaitRecords("input/" + key, 1).get(0).value());
        assertThat(message.path("EventName").asText()).isEqualTo("s3:ObjectRemoved:NoOP");
        assertThat(message.path("Records").get(0).path("s3").path("object").has("eTag"))
                .isFalse();
    }

    @Test
    void taggingPublishesPutTaggingWithThePutsSequencer() throws Exception {
        String key = prefix + "img7.jpg";
        s3.putObject(b -> b.bucket("input").key(key), RequestBody.fromString("cat"));

        stack.minio().putTagging("input", key, null);

        List<ConsumerRecord<String, String>> records = awaitRecords("input/" + key, 2);
        assertThat(records)
                .extracting(NotifierIT::eventName)
                .containsExactly("s3:ObjectCreated:Put", "s3:ObjectCreated:PutTagging");
        assertThat(sequencer(records.get(1))).isEqualTo(sequencer(records.get(0)));
    }

    @Test
    void lifecycleExpiryPublishesDeleteAllVersionsWithTheLastPutsSequencerAndRemovesTheObject() throws Exception {
        String key = prefix + "img7.jpg";
        s3.putObject(b -> b.bucket("input").key(key), RequestBody.fromString("cat"));
        s3.putObject(b -> b.bucket("input").key(key), RequestBody.fromString("dog"));

        stack.minio().expireAllVersions("input", key);

        List<ConsumerRecord<String, String>> records = awaitRecords("input/" + key, 3);
        assertThat(records)
                .extracting(NotifierIT::eventName)
                .containsExactly("s3:ObjectCreated:Put", "s3:ObjectCreated:Put", "s3:ObjectRemoved:DeleteAllVersions");
        assertThat(sequencer(records.get(2))).isEqualTo(sequencer(records.get(1)));
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket("input").key(key)))
                .isInstanceOfSatisfying(
                        S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(404));
    }

    @Test
    void deliveryFaultsDuplicateEveryMessageWhenTheProbabilityIsOne() throws Exception {
        String topic = "faulty-events";
        stack.kafka().createTopic(topic, DevStack.INPUT_PARTITIONS);
        MinioNotifier faulty = new MinioNotifier(new MinioNotifier.Config(
                stack.bootstrapServers(),
                topic,
                "minioadmin",
                "http://127.0.0.1",
                DeliveryFaults.of(1.0, Duration.ofMillis(300)).withSeed(7),
                Optional.empty()));
        List<String> keys = List.of(prefix + "1.jpg", prefix + "2.jpg", prefix + "3.jpg");
        try (faulty;
                EmbeddedS3 faultyS3 = EmbeddedS3.start(EmbeddedS3.Config.defaults(), faulty);
                S3Client client = faultyS3.newS3Client();
                TopicReader faultyEvents = new TopicReader(stack.bootstrapServers(), topic)) {
            faultyS3.createBucket("input");
            faultyS3.subscribe("input");

            keys.forEach(key -> client.putObject(b -> b.bucket("input").key(key), RequestBody.fromString(key)));

            await().atMost(WAIT).untilAsserted(() -> {
                for (String key : keys) {
                    List<ConsumerRecord<String, String>> copies = faultyEvents.records(("input/" + key)::equals);
                    assertThat(copies).hasSize(2);
                    assertThat(copies.get(0).value()).isEqualTo(copies.get(1).value());
                }
            });
            assertThat(faulty.deliveries().duplicated()).isEqualTo(keys.size());
            assertThat(faulty.deliveries().sent()).isEqualTo(2L * keys.size());
        }
    }

    private List<ConsumerRecord<String, String>> awaitRecords(String kafkaKey, int count) {
        return await().atMost(WAIT).until(() -> events.records(kafkaKey::equals), records -> records.size() >= count);
    }

    private static String eventName(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value()).path("EventName").asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String sequencer(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value())
                    .path("Records")
                    .get(0)
                    .path("s3")
                    .path("object")
                    .path("sequencer")
                    .asText();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
