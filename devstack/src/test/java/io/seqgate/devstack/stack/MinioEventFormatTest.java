package io.seqgate.devstack.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MinioEventFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NANOS = 0x18A2B3C4D5E6F709L;

    private final MinioEventFormat format = new MinioEventFormat("minioadmin", "http://127.0.0.1:9000");

    @Test
    void putMessageHasExactlyTheFieldsOfMinioSample() throws IOException {
        ObjectChange put = new ObjectChange(
                "input",
                "cats/tom and jerry.jpg",
                ObjectChange.Operation.PUT,
                48213L,
                "5d41402abc4b2a76b9719d911017c592",
                "image/jpeg",
                Map.of(),
                null);

        JsonNode actual = JSON.readTree(format.value(put, NANOS, NANOS));

        JsonNode sample = sample("minio-put-nested-key.json");
        assertThat(fieldPaths(actual)).isEqualTo(fieldPaths(sample));
        JsonNode object = actual.path("Records").get(0).path("s3").path("object");
        assertThat(object).isEqualTo(sample.path("Records").get(0).path("s3").path("object"));
        assertThat(actual.path("Key")).isEqualTo(sample.path("Key"));
        assertThat(actual.path("EventName")).isEqualTo(sample.path("EventName"));
    }

    @Test
    void deleteMessageHasExactlyTheFieldsOfMinioSample() throws IOException {
        ObjectChange delete =
                new ObjectChange("input", "img7.jpg", ObjectChange.Operation.DELETE, null, null, null, Map.of(), null);

        JsonNode actual = JSON.readTree(format.value(delete, 0x18A2B3C4D5E6F800L, 0x18A2B3C4D5E6F800L));

        JsonNode sample = sample("minio-delete.json");
        assertThat(fieldPaths(actual)).isEqualTo(fieldPaths(sample));
        assertThat(actual.path("Records").get(0).path("s3").path("object"))
                .isEqualTo(sample.path("Records").get(0).path("s3").path("object"));
    }

    @Test
    void eventTimeIsTheSequencerTimeInMillisUtc() throws IOException {
        ObjectChange put = new ObjectChange("input", "a", ObjectChange.Operation.PUT, 1L, "e", null, Map.of(), null);

        JsonNode record = JSON.readTree(format.value(put, 1_790_000_000_123_456_789L, 1_790_000_000_123_456_789L))
                .path("Records")
                .get(0);

        assertThat(record.path("eventTime").asText()).isEqualTo("2026-09-21T14:13:20.123Z");
    }

    @Test
    void userMetadataUsesMinioHeaderNamesAndVersionIdAppearsOnlyWhenStored() throws IOException {
        ObjectChange put = new ObjectChange(
                "input",
                "a",
                ObjectChange.Operation.PUT,
                1L,
                "e",
                "text/plain",
                Map.of("colour", "black", "source-camera", "x100"),
                "v-1");

        JsonNode object = JSON.readTree(format.value(put, NANOS, NANOS))
                .path("Records")
                .get(0)
                .path("s3")
                .path("object");

        assertThat(object.path("userMetadata").properties())
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder("content-type", "X-Amz-Meta-Colour", "X-Amz-Meta-Source-Camera");
        assertThat(object.path("versionId").asText()).isEqualTo("v-1");
    }

    @Test
    void taggingDescribesTheVersionLikeItsPutWithTheVersionsSequencerAndALaterEventTime() throws IOException {
        ObjectChange tagging = new ObjectChange(
                "input",
                "cats/tom and jerry.jpg",
                ObjectChange.Operation.PUT_TAGGING,
                48213L,
                "5d41402abc4b2a76b9719d911017c592",
                "image/jpeg",
                Map.of(),
                "v-1");

        JsonNode actual = JSON.readTree(format.value(tagging, NANOS, 1_790_000_000_123_456_789L));

        JsonNode record = actual.path("Records").get(0);
        assertThat(actual.path("EventName").asText()).isEqualTo("s3:ObjectCreated:PutTagging");
        assertThat(record.path("eventName").asText()).isEqualTo("s3:ObjectCreated:PutTagging");
        assertThat(fieldPaths(actual))
                .containsExactlyInAnyOrderElementsOf(withVersionId(fieldPaths(sample("minio-put-nested-key.json"))));
        assertThat(record.path("s3").path("object").path("sequencer").asText()).isEqualTo("18A2B3C4D5E6F709");
        assertThat(record.path("s3").path("object").path("versionId").asText()).isEqualTo("v-1");
        assertThat(record.path("eventTime").asText()).isEqualTo("2026-09-21T14:13:20.123Z");
    }

    @Test
    void retentionReportsTheLockSettingsInUserMetadataUnderMiniosNames() throws IOException {
        ObjectChange retention = new ObjectChange(
                "input",
                "a.jpg",
                ObjectChange.Operation.PUT_RETENTION,
                1L,
                "e",
                "image/jpeg",
                Map.of(),
                "v-1",
                Map.of(
                        MinioOperations.LOCK_MODE,
                        "GOVERNANCE",
                        MinioOperations.LOCK_RETAIN_UNTIL,
                        "2027-01-01T00:00:00.000Z"));

        JsonNode object = JSON.readTree(format.value(retention, NANOS, NANOS))
                .path("Records")
                .get(0)
                .path("s3")
                .path("object");

        assertThat(object.path("userMetadata").properties())
                .extracting(Map.Entry::getKey)
                .containsExactlyInAnyOrder(
                        "content-type", "x-amz-object-lock-mode", "x-amz-object-lock-retain-until-date");
        assertThat(object.path("userMetadata").path("x-amz-object-lock-mode").asText())
                .isEqualTo("GOVERNANCE");
    }

    @Test
    void lifecycleExpiryHasNoRequesterAndNamesTheScannerAsItsSourceButDescribesTheObject() throws IOException {
        ObjectChange expiry = new ObjectChange(
                "input",
                "a.jpg",
                ObjectChange.Operation.LIFECYCLE_DELETE_ALL_VERSIONS,
                3L,
                "e",
                "image/jpeg",
                Map.of(),
                "v-2");

        JsonNode record = JSON.readTree(format.value(expiry, NANOS, NANOS + 5))
                .path("Records")
                .get(0);

        assertThat(record.path("eventName").asText()).isEqualTo("s3:ObjectRemoved:DeleteAllVersions");
        assertThat(record.path("userIdentity").path("principalId").asText()).isEmpty();
        assertThat(record.path("requestParameters").isNull())
                .as("requestParameters is null")
                .isTrue();
        assertThat(record.path("responseElements").path("x-amz-request-id").asText())
                .isEmpty();
        assertThat(record.path("responseElements").path("x-amz-id-2").asText()).isEmpty();
        assertThat(record.path("s3")
                        .path("bucket")
                        .path("ownerIdentity")
                        .path("principalId")
                        .asText())
                .isEmpty();
        assertThat(record.path("source").path("host").asText()).isEqualTo("127.0.0.1:9000");
        assertThat(record.path("source").path("userAgent").asText()).isEqualTo("Internal: [ILM-Expiry]");
        JsonNode object = record.path("s3").path("object");
        assertThat(object.path("eTag").asText()).isEqualTo("e");
        assertThat(object.path("size").asLong()).isEqualTo(3);
        assertThat(object.path("versionId").asText()).isEqualTo("v-2");
        assertThat(object.path("sequencer").asText()).isEqualTo("18A2B3C4D5E6F709");
    }

    @Test
    void noOpHasTheFieldsOfADeleteAndNamesTheRequestedVersion() throws IOException {
        ObjectChange noOp =
                new ObjectChange("input", "img7.jpg", ObjectChange.Operation.NO_OP, null, null, null, Map.of(), "v-9");

        JsonNode actual = JSON.readTree(format.value(noOp, NANOS, NANOS));

        assertThat(actual.path("EventName").asText()).isEqualTo("s3:ObjectRemoved:NoOP");
        assertThat(fieldPaths(actual))
                .containsExactlyInAnyOrderElementsOf(withVersionId(fieldPaths(sample("minio-delete.json"))));
        assertThat(actual.path("Records")
                        .get(0)
                        .path("s3")
                        .path("object")
                        .path("versionId")
                        .asText())
                .isEqualTo("v-9");
    }

    private static List<String> withVersionId(List<String> paths) {
        List<String> result = new ArrayList<>(paths);
        result.add("/Records[0]/s3/object/versionId");
        return result;
    }

    private static JsonNode sample(String name) throws IOException {
        try (InputStream in = MinioEventFormatTest.class.getResourceAsStream("/samples/" + name)) {
            return JSON.readTree(in);
        }
    }

    private static List<String> fieldPaths(JsonNode node) {
        List<String> paths = new ArrayList<>();
        collect(node, "", paths);
        return paths.stream().sorted().toList();
    }

    private static void collect(JsonNode node, String path, List<String> paths) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                paths.add(path + "/" + field.getKey());
                collect(field.getValue(), path + "/" + field.getKey(), paths);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", paths);
            }
        }
    }
}
