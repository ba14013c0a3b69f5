package io.seqgate.connect.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class SqsSourceConfigTest {

    private static final Map<String, String> MINIMAL = Map.of(
            SqsSourceConfig.QUEUE_URL, "https://sqs.eu-west-1.amazonaws.com/123456789012/seqgate-s3-events",
            SqsSourceConfig.REGION, "eu-west-1");

    @Test
    void defaultsToTenMessagesTwentySecondLongPollsAndTheS3EventsTopic() {
        SqsSourceConfig config = new SqsSourceConfig(MINIMAL);

        assertThat(config.maxMessages()).isEqualTo(10);
        assertThat(config.waitTimeSeconds()).isEqualTo(20);
        assertThat(config.visibilityTimeoutSeconds()).isEqualTo(60);
        assertThat(config.topic()).isEqualTo("s3-events");
        assertThat(config.endpointOverride()).isNull();
        assertThat(config.accessKeyId()).isNull();
        assertThat(config.toleratesErrors()).isFalse();
        assertThat(config.deadLetterTopic()).isNull();
    }

    @Test
    void missingQueueUrlIsReportedByName() {
        assertThatThrownBy(() -> new SqsSourceConfig(Map.of(SqsSourceConfig.REGION, "eu-west-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sqs.queue.url");
    }

    @Test
    void queueUrlThatIsNotAnHttpUrlIsReportedByName() {
        assertThatThrownBy(() -> new SqsSourceConfig(with(SqsSourceConfig.QUEUE_URL, "seqgate-s3-events")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sqs.queue.url");
    }

    @Test
    void endpointOverrideThatIsNotAUrlIsReportedByName() {
        assertThatThrownBy(() -> new SqsSourceConfig(with(SqsSourceConfig.ENDPOINT_OVERRIDE, "elasticmq:9324")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sqs.endpoint.override");
    }

    @Test
    void moreThanTenMessagesPerReceiveIsReportedByName() {
        assertThatThrownBy(() -> new SqsSourceConfig(with(SqsSourceConfig.MAX_MESSAGES, "11")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sqs.max.messages");
    }

    @Test
    void longPollOverTwentySecondsIsReportedByName() {
        assertThatThrownBy(() -> new SqsSourceConfig(with(SqsSourceConfig.WAIT_TIME_SECONDS, "21")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sqs.wait.time.seconds");
    }

    @Test
    void negativeVisibilityTimeoutIsReportedByName() {
        assertThatThrownBy(() -> new SqsSourceConfig(with(SqsSourceConfig.VISIBILITY_TIMEOUT_SECONDS, "-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sqs.visibility.timeout.seconds");
    }

    @Test
    void accessKeyWithoutSecretIsReportedOnTheSecret() {
        assertThatThrownBy(() -> new SqsSourceConfig(with(SqsSourceConfig.ACCESS_KEY_ID, "AKIAEXAMPLE")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("aws.secret.access.key must be set together");
    }

    @Test
    void connectValidationPutsTheMissingSecretOnItsSetting() {
        Map<String, List<String>> errors =
                errors(new SqsSourceConnector().validate(with(SqsSourceConfig.ACCESS_KEY_ID, "AKIAEXAMPLE")));

        assertThat(errors.get(SqsSourceConfig.SECRET_ACCESS_KEY))
                .singleElement()
                .asString()
                .contains("aws.access.key.id");
        assertThat(errors.get(SqsSourceConfig.ACCESS_KEY_ID)).isEmpty();
    }

    @Test
    void theShippedAwsConnectorConfigIsValid() throws IOException {
        JsonNode file = new ObjectMapper()
                .readTree(Path.of("../connector-config/aws/sqs-source.json").toFile());
        Map<String, String> settings = new HashMap<>();
        file.get("config")
                .fields()
                .forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));

        assertThat(file.get("name").asText()).isNotBlank();
        assertThat(settings.get("connector.class")).isEqualTo(SqsSourceConnector.class.getName());
        assertThat(errors(new SqsSourceConnector().validate(settings)).values())
                .allSatisfy(e -> assertThat(e).isEmpty());
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> props = new HashMap<>(MINIMAL);
        props.put(name, value);
        return props;
    }

    private static Map<String, List<String>> errors(org.apache.kafka.common.config.Config config) {
        Map<String, List<String>> errors = new HashMap<>();
        for (ConfigValue value : config.configValues()) {
            errors.put(value.name(), value.errorMessages());
        }
        return errors;
    }
}
