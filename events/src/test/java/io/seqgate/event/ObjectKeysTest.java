package io.seqgate.event;

import static io.seqgate.event.Samples.recordObject;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The object key as stored, from both ways a notification writes it (docs/design.md §3, "Object keys"):
 * form-encoded in a Records message (S3, MinIO, inside SNS), as it is in an EventBridge event.
 */
class ObjectKeysTest {

    /** Awkward characters for either encoding: '+', '%', a space and ':'. */
    private static final String AWKWARD = "2026/a+b c%d:e.jpg";

    private final NotificationParser parser = new NotificationParser();

    // --- Records: form-encoded ---

    @Test
    void decodesPlusAsSpaceInKey() {
        assertThat(awsPutWithKey("summer+party.jpg")).isEqualTo("summer party.jpg");
    }

    @Test
    void decodesPercent2BAsLiteralPlusInKey() {
        assertThat(awsPutWithKey("1%2B1%3D2.jpg")).isEqualTo("1+1=2.jpg");
    }

    @Test
    void decodesPercent25AsLiteralPercentAnd3AAsColonInKey() {
        assertThat(awsPutWithKey("2026%2Fa%2Bb+c%25d%3Ae.jpg")).isEqualTo(AWKWARD);
    }

    @Test
    void readsTheKeyMinioEncodesWithQueryEscape() {
        // MinIO: url.QueryEscape (cmd/event-notification.go), the same form encoding as URLEncoder.
        ObjectNode message = Samples.json("minio-put.json");
        recordObject(message, 0).put("key", URLEncoder.encode(AWKWARD, UTF_8));

        assertThat(onlyKey(Samples.bytes(message))).isEqualTo(AWKWARD);
    }

    @Test
    void decodesTheKeyOfARecordInsideAnSnsEnvelope() {
        ObjectNode inner = Samples.json("aws-records-put.json");
        recordObject(inner, 0).put("key", "2026/a%2Bb+c%25d%3Ae.jpg");
        ObjectNode envelope = Samples.json("sns-envelope.json");
        envelope.put("Message", new String(Samples.bytes(inner), UTF_8));

        assertThat(onlyKey(Samples.bytes(envelope))).isEqualTo(AWKWARD);
    }

    @Test
    void decodesUtf8PercentEscapesInKey() {
        assertThat(awsPutWithKey("%C3%A9t%C3%A9.jpg")).isEqualTo("\u00e9t\u00e9.jpg");
    }

    @Test
    void decodesPercentEncodedReplacementCharacterAsPartOfAValidKey() {
        assertThat(awsPutWithKey("a%EF%BF%BDb.jpg")).isEqualTo("a\uFFFDb.jpg");
    }

    @Test
    void decodesPercentEncodedCharacterOutsideTheBasicPlaneInKey() {
        assertThat(awsPutWithKey("cat%F0%9F%90%88.jpg")).isEqualTo("cat\uD83D\uDC08.jpg");
    }

    @Test
    void keepsLiteralNonAsciiCharactersOfKeyAsSent() {
        assertThat(awsPutWithKey("\u00e9t\u00e9+%C3%A9.jpg")).isEqualTo("\u00e9t\u00e9 \u00e9.jpg");
    }

    @Test
    void acceptsKeyOfExactly1024BytesOfUtf8() {
        String key = "\u00e9".repeat(512);

        assertThat(awsPutWithKey(URLEncoder.encode(key, UTF_8))).isEqualTo(key);
    }

    @Test
    void decodesPercent2FAsSlashInKey() {
        assertThat(awsPutWithKey("cats%2Ftom.jpg")).isEqualTo("cats/tom.jpg");
    }

    // --- EventBridge: as it is ---

    @Test
    void takesEventBridgeKeyAsItIsWithPlusPercentSpaceAndColon() {
        assertThat(eventBridgeWithKey(AWKWARD)).isEqualTo(AWKWARD);
    }

    @Test
    void keepsPlusInEventBridgeKeyAsPlus() {
        assertThat(eventBridgeWithKey("cat+1.jpg")).isEqualTo("cat+1.jpg");
    }

    @Test
    void acceptsBarePercentInEventBridgeKey() {
        assertThat(eventBridgeWithKey("100%.jpg")).isEqualTo("100%.jpg");
    }

    @Test
    void leavesPercentEscapesOfEventBridgeKeyUndecoded() {
        assertThat(eventBridgeWithKey("caf%C3%A9.jpg")).isEqualTo("caf%C3%A9.jpg");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // gist.github.com/vincentclaes/7a5eb53acc05b316c86769fed25d4e1a, Object Created, 2023-08-09
                "raw/health-check/2023-08-08T14:03:40.532432.zip",
                // an Object Deleted event of 2026-03-12 in a public repository's README
                "Screenshot from 2026-03-11 18-23-57.png"
            })
    void readsKeysOfCapturedEventBridgeEventsAsSent(String captured) {
        assertThat(eventBridgeWithKey(captured)).isEqualTo(captured);
    }

    @Test
    void acceptsEventBridgeKeyOfSpacesOnly() {
        // A legal S3 key, which a Records message sends as "+".
        assertThat(eventBridgeWithKey(" ")).isEqualTo(" ");
    }

    @Test
    void acceptsEventBridgeKeyOfExactly1024BytesOfUtf8() {
        String key = "\u00e9".repeat(512);

        assertThat(eventBridgeWithKey(key)).isEqualTo(key);
    }

    @Test
    void readsTheSameObjectFromARecordsAndAnEventBridgeNotificationOfIt() {
        ObjectNode records = Samples.json("aws-records-put.json");
        recordObject(records, 0).put("key", URLEncoder.encode(AWKWARD, UTF_8));
        ObjectNode eventBridge = Samples.json("eventbridge-object-created.json");
        ((ObjectNode) eventBridge.at("/detail/object")).put("key", AWKWARD);

        assertThat(onlyEvent(Samples.bytes(eventBridge)).objectKey())
                .isEqualTo(onlyEvent(Samples.bytes(records)).objectKey())
                .isEqualTo("uploads/" + AWKWARD);
    }

    /** aws-records-put.json with Records[0].s3.object.key replaced; the key read back. */
    private String awsPutWithKey(String encodedKey) {
        ObjectNode message = Samples.json("aws-records-put.json");
        recordObject(message, 0).put("key", encodedKey);
        return onlyKey(Samples.bytes(message));
    }

    /** eventbridge-object-created.json with detail.object.key replaced; the key read back. */
    private String eventBridgeWithKey(String key) {
        ObjectNode message = Samples.json("eventbridge-object-created.json");
        ((ObjectNode) message.at("/detail/object")).put("key", key);
        return onlyKey(Samples.bytes(message));
    }

    /** The key of the message's one event, which both of the parser's paths must agree on. */
    private String onlyKey(byte[] message) {
        assertThat(parser.parse(message))
                .as("streaming and tree path")
                .isEqualTo(NotificationParser.parseAsTree(message));
        return onlyEvent(message).key();
    }

    private ObjectEvent onlyEvent(byte[] message) {
        Notification notification = parser.parse(message);
        assertThat(notification.notices()).isEmpty();
        assertThat(notification.events()).hasSize(1);
        return notification.events().get(0);
    }
}
