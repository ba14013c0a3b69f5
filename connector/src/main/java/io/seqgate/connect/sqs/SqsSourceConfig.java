package io.seqgate.connect.sqs;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The connector's settings, validated by Connect's {@link ConfigDef} (each error names its setting) plus
 * the checks that span two settings, {@link #problems(Map)}.
 *
 * <p>Unparseable messages follow Connect's own {@code errors.tolerance}: {@code none} (Connect's default)
 * fails the task and leaves the message in the queue; {@code all} writes it to
 * {@code errors.deadletterqueue.topic.name} when set (only then is it deleted from the queue after Kafka
 * acknowledged that record), else logs and deletes it. Connect itself offers the dead letter queue to
 * sink connectors only (KIP-298), so this connector reads the same setting name and does it itself.
 */
public final class SqsSourceConfig extends AbstractConfig {

    public static final String QUEUE_URL = "sqs.queue.url";
    public static final String REGION = "sqs.region";
    public static final String ENDPOINT_OVERRIDE = "sqs.endpoint.override";
    public static final String ACCESS_KEY_ID = "aws.access.key.id";
    public static final String SECRET_ACCESS_KEY = "aws.secret.access.key";
    public static final String MAX_MESSAGES = "sqs.max.messages";
    public static final String WAIT_TIME_SECONDS = "sqs.wait.time.seconds";
    public static final String VISIBILITY_TIMEOUT_SECONDS = "sqs.visibility.timeout.seconds";
    public static final String TOPIC = "topic";
    /** Connect's framework setting (ConnectorConfig validates it), read here for unparseable messages. */
    public static final String ERRORS_TOLERANCE = "errors.tolerance";
    /** Named like Connect's sink setting (SinkConnectorConfig), which source connectors do not get. */
    public static final String DLQ_TOPIC = "errors.deadletterqueue.topic.name";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(
                    QUEUE_URL,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new AbsoluteUrl(),
                    Importance.HIGH,
                    "URL of the SQS queue S3 (or SNS, or EventBridge) sends notifications to, e.g. "
                            + "https://sqs.eu-west-1.amazonaws.com/123456789012/seqgate-s3-events")
            .define(
                    REGION,
                    Type.STRING,
                    ConfigDef.NO_DEFAULT_VALUE,
                    new ConfigDef.NonEmptyStringWithoutControlChars(),
                    Importance.HIGH,
                    "AWS region of the queue, e.g. eu-west-1")
            .define(
                    ENDPOINT_OVERRIDE,
                    Type.STRING,
                    "",
                    new EmptyOr(new AbsoluteUrl()),
                    Importance.LOW,
                    "SQS endpoint to use instead of AWS's, e.g. http://elasticmq:9324 for an SQS-compatible server; "
                            + "empty for AWS")
            .define(
                    ACCESS_KEY_ID,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "Static access key id; empty to use the AWS SDK's default credentials chain (environment, "
                            + "profile, container or instance role). Set together with " + SECRET_ACCESS_KEY)
            .define(
                    SECRET_ACCESS_KEY,
                    Type.PASSWORD,
                    "",
                    Importance.MEDIUM,
                    "Static secret access key, set together with " + ACCESS_KEY_ID)
            .define(
                    MAX_MESSAGES,
                    Type.INT,
                    10,
                    Range.between(1, 10),
                    Importance.LOW,
                    "Messages one ReceiveMessage call may return (SQS allows 1 to 10)")
            .define(
                    WAIT_TIME_SECONDS,
                    Type.INT,
                    20,
                    Range.between(0, 20),
                    Importance.LOW,
                    "Long-poll wait of one ReceiveMessage call in seconds (SQS allows 0 to 20). A task stops only "
                            + "after its current receive returns, so a stop can take this long")
            .define(
                    VISIBILITY_TIMEOUT_SECONDS,
                    Type.INT,
                    60,
                    Range.between(0, 43_200),
                    Importance.MEDIUM,
                    "Seconds a received message stays hidden from other receivers. It must outlast the time Kafka "
                            + "takes to acknowledge the message's records, or the message comes back meanwhile and is "
                            + "written twice (harmless: seqgate answers DUPLICATE)")
            .define(
                    TOPIC,
                    Type.STRING,
                    "s3-events",
                    new ConfigDef.NonEmptyStringWithoutControlChars(),
                    Importance.HIGH,
                    "Topic to write the object events to: the topic seqgate reads")
            .define(
                    DLQ_TOPIC,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "With errors.tolerance=all, the topic unparseable messages are written to, as they came, with "
                            + "headers seqgate.error.kind=unparseable and seqgate.error.reason; empty to log and drop them");

    public SqsSourceConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
        Map<String, String> problems = problems(props);
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems.values()));
        }
    }

    /**
     * Checks that span settings: the setting each problem is about, and the problem. Empty when the
     * settings agree.
     */
    static Map<String, String> problems(Map<String, String> props) {
        Map<String, String> problems = new LinkedHashMap<>();
        boolean key = !props.getOrDefault(ACCESS_KEY_ID, "").isBlank();
        boolean secret = !props.getOrDefault(SECRET_ACCESS_KEY, "").isBlank();
        if (key != secret) {
            String missing = key ? SECRET_ACCESS_KEY : ACCESS_KEY_ID;
            problems.put(
                    missing,
                    missing + " must be set together with " + (key ? ACCESS_KEY_ID : SECRET_ACCESS_KEY)
                            + ", or both left empty for the AWS SDK's default credentials chain");
        }
        return problems;
    }

    public String queueUrl() {
        return getString(QUEUE_URL);
    }

    public String region() {
        return getString(REGION);
    }

    /** The endpoint to use instead of AWS's, or null. */
    public URI endpointOverride() {
        String value = getString(ENDPOINT_OVERRIDE);
        return value.isBlank() ? null : URI.create(value.trim());
    }

    /** The static access key id, or null for the default credentials chain. */
    public String accessKeyId() {
        String value = getString(ACCESS_KEY_ID);
        return value.isBlank() ? null : value.trim();
    }

    /** The static secret, or null for the default credentials chain. */
    public Password secretAccessKey() {
        Password value = getPassword(SECRET_ACCESS_KEY);
        return value == null || value.value().isBlank() ? null : value;
    }

    public int maxMessages() {
        return getInt(MAX_MESSAGES);
    }

    public int waitTimeSeconds() {
        return getInt(WAIT_TIME_SECONDS);
    }

    public int visibilityTimeoutSeconds() {
        return getInt(VISIBILITY_TIMEOUT_SECONDS);
    }

    public String topic() {
        return getString(TOPIC);
    }

    /** Whether Connect's {@code errors.tolerance} is {@code all} in the connector's settings. */
    public boolean toleratesErrors() {
        return "all"
                .equalsIgnoreCase(originalsStrings()
                        .getOrDefault(ERRORS_TOLERANCE, "none")
                        .trim());
    }

    /** The topic for unparseable messages, or null. */
    public String deadLetterTopic() {
        String value = getString(DLQ_TOPIC);
        return value.isBlank() ? null : value.trim();
    }

    /** An absolute http(s) URL with a host. */
    static final class AbsoluteUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = value == null ? "" : value.toString().trim();
            try {
                URI uri = new URI(text);
                if (uri.getHost() != null
                        && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
                    return;
                }
            } catch (URISyntaxException e) {
                throw new ConfigException(name, value, "not a URL: " + e.getMessage());
            }
            throw new ConfigException(name, value, "expected an absolute http(s) URL with a host");
        }

        @Override
        public String toString() {
            return "an absolute http(s) URL";
        }
    }

    /** Accepts the empty string, else defers to another validator. */
    record EmptyOr(ConfigDef.Validator validator) implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && !value.toString().isBlank()) {
                validator.ensureValid(name, value);
            }
        }

        @Override
        public String toString() {
            return "empty, or " + validator;
        }
    }
}
