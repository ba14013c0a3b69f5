package io.seqgate.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The message samples in src/test/resources/samples (one per shape, docs/design.md §3), as bytes or as editable JSON. */
final class Samples {

    static final List<String> ALL = List.of(
            "aws-records-delete.json",
            "aws-records-put.json",
            "aws-records-versioned-put.json",
            "aws-test-event.json",
            "eventbridge-cloudtrail-put-object.json",
            "eventbridge-object-created.json",
            "eventbridge-object-deleted.json",
            "minio-delete.json",
            "minio-put-nested-key.json",
            "minio-put.json",
            "sns-envelope.json");

    static final ObjectMapper JSON = new ObjectMapper();

    private Samples() {}

    static byte[] bytes(String name) {
        try (InputStream in = Samples.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode json(String name) {
        try {
            return (ObjectNode) JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode message) {
        try {
            return JSON.writeValueAsBytes(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code Records[index].s3.object} of a Records-shaped message, to edit in place. */
    static ObjectNode recordObject(JsonNode message, int index) {
        return (ObjectNode) message.at("/Records/" + index + "/s3/object");
    }
}
