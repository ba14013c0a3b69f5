package io.seqgate.devstack.stack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The message MinIO's Kafka target sends for one object change (docs/design.md §3; {@code events/src/test/resources/samples/minio-*.json}):
 * Kafka key {@code bucket/<decoded key>}, value {@code {"EventName","Key","Records":[one record]}}.
 */
public final class MinioEventFormat {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String USER_METADATA_PREFIX = "x-amz-meta-";
    /** The user agent MinIO's scanner names in ILM expiry events ({@code cmd/data-scanner.go}). */
    static final String LIFECYCLE_USER_AGENT = "Internal: [ILM-Expiry]";

    private final String principalId;
    private final String originEndpoint;
    private final String deploymentId = UUID.randomUUID().toString();
    private final String hostId;
    private final String nodeName;

    /**
     * @param principalId    the access key MinIO would name as the actor
     * @param originEndpoint URL of the S3 server, reported as {@code x-minio-origin-endpoint}
     */
    public MinioEventFormat(String principalId, String originEndpoint) {
        this.principalId = Objects.requireNonNull(principalId, "principalId");
        this.originEndpoint = Objects.requireNonNull(originEndpoint, "originEndpoint");
        this.hostId = HexFormat.of()
                .formatHex(deploymentId.getBytes(StandardCharsets.UTF_8))
                .substring(0, 64);
        // MinIO's globalLocalNodeName: host:port of this node (GetLocalPeer, cmd/endpoint.go).
        this.nodeName = URI.create(originEndpoint).getAuthority();
    }

    /** MinIO's Kafka key: bucket and the key as stored, not encoded. */
    public static String kafkaKey(ObjectChange change) {
        return change.bucket() + "/" + change.key();
    }

    /**
     * The message value for {@code change}, whose sequencer is the time {@code sequencerNanos} and which was
     * reported at {@code eventTimeNanos} (the same time for a change that stamps a new modification time).
     */
    public String value(ObjectChange change, long sequencerNanos, long eventTimeNanos) {
        String sequencer = SequencerClock.toSequencer(sequencerNanos);
        ObjectChange.Operation operation = change.operation();
        // MinIO's scanner sends ILM events without a request: no principal, no request parameters or ids,
        // its own node as the source (data-scanner.go; eventArgs.ToEvent in event-notification.go).
        boolean lifecycle = operation.isLifecycle();
        String principal = lifecycle ? "" : principalId;
        ObjectNode message = JSON.createObjectNode();
        message.put("EventName", operation.eventName());
        message.put("Key", kafkaKey(change));
        ObjectNode record = message.putArray("Records").addObject();
        record.put("eventVersion", "2.0");
        record.put("eventSource", "minio:s3");
        record.put("awsRegion", "");
        record.put("eventTime", EVENT_TIME.format(Instant.ofEpochSecond(0, eventTimeNanos)));
        record.put("eventName", operation.eventName());
        record.putObject("userIdentity").put("principalId", principal);
        if (lifecycle) {
            record.putNull("requestParameters");
        } else {
            record.putObject("requestParameters")
                    .put("principalId", principalId)
                    .put("region", "")
                    .put("sourceIPAddress", "127.0.0.1");
        }
        record.putObject("responseElements")
                .put("x-amz-id-2", lifecycle ? "" : hostId)
                .put("x-amz-request-id", lifecycle ? "" : SequencerClock.toSequencer(eventTimeNanos))
                .put("x-minio-deployment-id", deploymentId)
                .put("x-minio-origin-endpoint", originEndpoint);
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", "Config");
        ObjectNode bucket = s3.putObject("bucket").put("name", change.bucket());
        bucket.putObject("ownerIdentity").put("principalId", principal);
        bucket.put("arn", "arn:aws:s3:::" + change.bucket());
        ObjectNode object = s3.putObject("object");
        // MinIO form-encodes the key (space '+', '/' "%2F"): URLEncoder does exactly that.
        object.put("key", URLEncoder.encode(change.key(), StandardCharsets.UTF_8));
        object.put("sequencer", sequencer);
        if (operation.describesObject()) {
            if (change.size() != null) {
                object.put("size", change.size());
            }
            if (change.eTag() != null) {
                object.put("eTag", change.eTag());
            }
            if (change.contentType() != null) {
                object.put("contentType", change.contentType());
            }
            ObjectNode userMetadata = object.putObject("userMetadata");
            userMetadata(change).forEach(userMetadata::put);
        }
        if (change.versionId() != null) {
            object.put("versionId", change.versionId());
        }
        record.putObject("source")
                .put("host", lifecycle ? nodeName : "127.0.0.1")
                .put("port", "")
                .put("userAgent", lifecycle ? LIFECYCLE_USER_AGENT : "seqgate-devstack");
        try {
            return JSON.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a notification for " + kafkaKey(change), e);
        }
    }

    /**
     * MinIO puts the content type and the user metadata, under their header names
     * ({@code X-Amz-Meta-Colour}), into {@code userMetadata}, and the object-lock settings under the
     * lower-case names it stores them with.
     */
    private static Map<String, String> userMetadata(ObjectChange change) {
        Map<String, String> result = new TreeMap<>();
        if (change.contentType() != null) {
            result.put("content-type", change.contentType());
        }
        change.userMetadata()
                .forEach((name, value) -> result.put(canonicalHeaderName(USER_METADATA_PREFIX + name), value));
        result.putAll(change.objectLock());
        return result;
    }

    /** Go's {@code http.CanonicalHeaderKey}: each dash-separated word capitalised. */
    private static String canonicalHeaderName(String name) {
        StringBuilder result = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            result.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return result.toString();
    }
}
