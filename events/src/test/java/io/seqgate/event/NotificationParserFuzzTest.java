package io.seqgate.event;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * Bad input of any kind ends as {@link InvalidNotificationException} (so it reaches the dead letter
 * topic) and never as a NullPointerException, ClassCastException or the like, which would stop a
 * stream thread.
 */
class NotificationParserFuzzTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    // One value of each JSON type, plus strings that are awkward as keys, sequencers or times.
    private static final List<JsonNode> WRONG_VALUES = List.of(
            NODES.nullNode(),
            NODES.numberNode(0),
            NODES.numberNode(-1),
            NODES.numberNode(1.5),
            NODES.numberNode(new BigInteger("123456789012345678901234567890")),
            NODES.textNode(""),
            NODES.textNode(" "),
            NODES.textNode("%"),
            NODES.textNode("%FF"),
            NODES.textNode("x\uD800"),
            NODES.textNode("%".repeat(70_000)),
            NODES.textNode("{\"Records\":[]}"),
            NODES.booleanNode(true),
            NODES.arrayNode(),
            NODES.arrayNode().addNull(),
            NODES.objectNode());

    private final NotificationParser parser = new NotificationParser();

    /**
     * Also holds the parser's two paths to one answer: whatever the streaming path of the Records
     * shape returns, the tree path returns too, and the same error where it does not.
     */
    private void assertOnlyInvalidNotificationEscapes(byte[] message) {
        Throwable thrown = catchThrowable(() -> parser.parse(message));
        Throwable thrownByTree = catchThrowable(() -> NotificationParser.parseAsTree(message));
        if (thrown != null) {
            assertThat(thrown)
                    .as("parsing %s", new String(message, UTF_8))
                    .isInstanceOf(InvalidNotificationException.class);
            assertThat(thrownByTree)
                    .as("tree path on %s", new String(message, UTF_8))
                    .hasMessage(thrown.getMessage());
        } else {
            assertThat(thrownByTree)
                    .as("tree path on %s", new String(message, UTF_8))
                    .isNull();
            assertThat(parser.parse(message))
                    .as("parsing %s", new String(message, UTF_8))
                    .isEqualTo(NotificationParser.parseAsTree(message));
        }
    }

    @Test
    void theStreamingPathReadsTheRecordsSamplesThemselves() {
        // Without this the agreement checks could pass with a streaming path that never answers.
        for (String sample : List.of(
                "aws-records-delete.json",
                "aws-records-put.json",
                "aws-records-versioned-put.json",
                "minio-delete.json",
                "minio-put-nested-key.json",
                "minio-put.json")) {
            byte[] message = Samples.bytes(sample);
            assertThat(RecordsStream.read(message)).as(sample).isEqualTo(NotificationParser.parseAsTree(message));
            assertThat(RecordsStream.read(message)).as(sample).isNotNull();
        }
        assertThat(RecordsStream.read(Samples.bytes("sns-envelope.json"))).isNull();
    }

    @Test
    void streamAndTreeAgreeWhenAFieldIsGivenTwice() {
        List<String> fields = List.of(
                "Records",
                "eventName",
                "eventSource",
                "eventTime",
                "s3",
                "bucket",
                "name",
                "object",
                "key",
                "sequencer",
                "eTag",
                "versionId",
                "size",
                "contentType");
        List<String> firstValues = List.of("null", "\"x\"", "\"\"", "12", "{}", "[]", "{\"name\":\"b\"}");
        int variants = 0;
        for (String sample : Samples.ALL) {
            String text = new String(Samples.bytes(sample), UTF_8);
            for (String field : fields) {
                String quoted = "\"" + field + "\":";
                for (String first : firstValues) {
                    // The field twice where it first appears: another value first, then the sample's,
                    // which the tree keeps (the last of two).
                    int at = text.indexOf(quoted);
                    if (at < 0) {
                        continue;
                    }
                    String twice = text.substring(0, at) + quoted + first + "," + text.substring(at);
                    assertOnlyInvalidNotificationEscapes(twice.getBytes(UTF_8));
                    variants++;
                }
            }
        }
        assertThat(variants).as("messages with a field given twice").isGreaterThan(100);
    }

    @Property(tries = 2000)
    void onlyInvalidNotificationEscapesForRandomBytes(@ForAll @Size(max = 300) byte[] message) {
        assertOnlyInvalidNotificationEscapes(message);
    }

    @Property(tries = 2000)
    void onlyInvalidNotificationEscapesForRandomText(@ForAll String message) {
        assertOnlyInvalidNotificationEscapes(message.getBytes(UTF_8));
    }

    /**
     * Any key, written as S3 and MinIO write it into a Records message (form-encoded) or as EventBridge
     * sends it (as it is), is read back as that key, by both of the parser's paths.
     */
    @Property(tries = 1000)
    void anyKeyIsReadBackFromARecordsAndAnEventBridgeMessage(@ForAll("keys") String key) {
        ObjectNode records = Samples.json("aws-records-put.json");
        Samples.recordObject(records, 0).put("key", URLEncoder.encode(key, UTF_8));
        ObjectNode eventBridge = Samples.json("eventbridge-object-created.json");
        ((ObjectNode) eventBridge.at("/detail/object")).put("key", key);

        for (byte[] message : List.of(Samples.bytes(records), Samples.bytes(eventBridge))) {
            assertOnlyInvalidNotificationEscapes(message);
            assertThat(parser.parse(message).events())
                    .singleElement()
                    .extracting(ObjectEvent::key)
                    .isEqualTo(key);
        }
    }

    /** Valid Unicode of at most 1 024 UTF-8 bytes, rich in the characters the two writings treat differently. */
    @Provide
    Arbitrary<String> keys() {
        Arbitrary<String> awkward = Arbitraries.of("+", "%", " ", ":", "/", "=", "&", "%2B", "%20", "%C3%A9");
        Arbitrary<String> ascii = Arbitraries.chars().ascii().map(String::valueOf);
        Arbitrary<String> basicPlane =
                Arbitraries.chars().filter(c -> !Character.isSurrogate(c)).map(String::valueOf);
        Arbitrary<String> outsideBasicPlane = Arbitraries.of("\uD83D\uDC08", "\uD834\uDD1E");
        return Arbitraries.oneOf(awkward, ascii, basicPlane, outsideBasicPlane)
                .list()
                .ofMinSize(1)
                .ofMaxSize(200)
                .map(parts -> String.join("", parts))
                .filter(key -> key.getBytes(UTF_8).length <= 1024);
    }

    @Test
    void onlyInvalidNotificationEscapesForTruncatedSamples() {
        for (String sample : Samples.ALL) {
            byte[] whole = Samples.bytes(sample);
            for (int length = 0; length < whole.length; length++) {
                assertOnlyInvalidNotificationEscapes(Arrays.copyOf(whole, length));
            }
        }
    }

    @Test
    void onlyInvalidNotificationEscapesWhenAnyFieldHasAWrongType() {
        int variants = 0;
        for (String sample : Samples.ALL) {
            for (byte[] variant : withEachValueReplaced(Samples.json(sample))) {
                assertOnlyInvalidNotificationEscapes(variant);
                variants++;
            }
        }
        assertThat(variants).as("mutated messages tried").isGreaterThan(3000);
    }

    @Test
    void onlyInvalidNotificationEscapesWhenAnyFieldInsideSnsMessageHasAWrongType() {
        ObjectNode envelope = Samples.json("sns-envelope.json");
        for (byte[] inner :
                withEachValueReplaced(readTree(envelope.get("Message").textValue()))) {
            ObjectNode variant = envelope.deepCopy().put("Message", new String(inner, UTF_8));
            assertOnlyInvalidNotificationEscapes(Samples.bytes(variant));
        }
    }

    @Test
    void onlyInvalidNotificationEscapesWhenAnyFieldIsRemoved() {
        for (String sample : Samples.ALL) {
            ObjectNode message = Samples.json(sample);
            List<byte[]> variants = new ArrayList<>();
            forEachContainer(message, container -> {
                if (container instanceof ObjectNode object) {
                    List<String> names = new ArrayList<>();
                    object.fieldNames().forEachRemaining(names::add);
                    for (String name : names) {
                        JsonNode removed = object.remove(name);
                        variants.add(Samples.bytes(message));
                        object.set(name, removed);
                    }
                }
            });
            variants.forEach(this::assertOnlyInvalidNotificationEscapes);
        }
    }

    /** Every message obtained by replacing one node (at any depth) of {@code root} with one wrong value. */
    private static List<byte[]> withEachValueReplaced(JsonNode root) {
        List<byte[]> variants = new ArrayList<>();
        forEachContainer(root, container -> {
            if (container instanceof ObjectNode object) {
                List<String> names = new ArrayList<>();
                object.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    JsonNode original = object.get(name);
                    for (JsonNode wrong : WRONG_VALUES) {
                        object.set(name, wrong);
                        variants.add(Samples.bytes(root));
                    }
                    object.set(name, original);
                }
            } else if (container instanceof ArrayNode array) {
                for (int i = 0; i < array.size(); i++) {
                    JsonNode original = array.get(i);
                    for (JsonNode wrong : WRONG_VALUES) {
                        array.set(i, wrong);
                        variants.add(Samples.bytes(root));
                    }
                    array.set(i, original);
                }
            }
        });
        return variants;
    }

    private static void forEachContainer(JsonNode node, Consumer<JsonNode> action) {
        if (node.isContainerNode()) {
            // Collect children first: the action edits the node while it runs.
            List<JsonNode> children = new ArrayList<>();
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                children.add(it.next());
            }
            action.accept(node);
            children.forEach(child -> forEachContainer(child, action));
        }
    }

    private static JsonNode readTree(String json) {
        try {
            return Samples.JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
