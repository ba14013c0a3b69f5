package io.seqgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The table of settings and the banner shown from it. */
class SettingsTest {

    /** The problems {@code env} is refused for, one a line. */
    private static List<String> problems(Map<String, String> env) {
        InvalidConfigException refused =
                catchThrowableOfType(InvalidConfigException.class, () -> SeqgateConfig.fromEnv(env));
        assertThat(refused).as("refused").isNotNull();
        return refused.getMessage()
                .lines()
                .skip(1)
                .map(line -> line.substring("  - ".length()))
                .toList();
    }

    @Test
    void theProcessorReadsEveryRowButTheStateCommandsInTheTablesOrder() {
        List<String> rows = Settings.all().stream()
                .map(Setting::name)
                .filter(name -> !name.equals(Settings.QUERY_URL.name()))
                .toList();

        assertThat(SeqgateConfig.fromEnv(Map.of()).described().keySet()).containsExactlyElementsOf(rows);
    }

    @Test
    void everyNameIsInTheTableOnce() {
        assertThat(Settings.all().stream().map(Setting::name)).doesNotHaveDuplicates();
    }

    @Test
    void theBannerShowsTheValueTakenOrTheDefault() {
        Map<String, Object> banner = SeqgateConfig.fromEnv(Map.of(
                        "SEQGATE_STATE_RETENTION",
                        " 2d ",
                        "HOSTNAME",
                        "box-1",
                        "SEQGATE_S3_ENDPOINT",
                        "http://s3:9000"))
                .describe();

        assertThat(banner)
                .containsEntry("SEQGATE_STATE_RETENTION", "2d")
                .containsEntry("SEQGATE_PURGE_INTERVAL", "1h")
                .containsEntry("SEQGATE_INSTANCE_ID", "box-1")
                .containsEntry("SEQGATE_S3_PATH_STYLE", "true")
                .containsEntry("SEQGATE_OUTPUT_BUCKET", "(required for run)")
                .containsKey("KAFKA_STREAMS_*");
    }

    @Test
    void theBannerShowsWhetherASecretIsSetButNeverIt() {
        Map<String, Object> banner = SeqgateConfig.fromEnv(Map.of(
                        "SEQGATE_S3_ACCESS_KEY", "AKIA1",
                        "SEQGATE_S3_SECRET_KEY", "s3cr3t",
                        "SEQGATE_HTTP_TOKEN", "0123456789abcdef-token"))
                .describe();

        assertThat(banner)
                .containsEntry("SEQGATE_S3_ACCESS_KEY", "AKIA1")
                .containsEntry("SEQGATE_S3_SECRET_KEY", "set")
                .containsEntry("SEQGATE_HTTP_TOKEN", "bearer token required")
                .containsEntry("SEQGATE_HTTP_PEER_SECRET", "(none: the token signs)");
        assertThat(banner.toString()).doesNotContain("s3cr3t", "0123456789abcdef-token");
    }

    @Test
    void aBlankVariableTakesTheDefaultAndTheAliasLosesToTheName() {
        assertThat(Settings.STATE_RETENTION.valueIn(Map.of("SEQGATE_STATE_RETENTION", "  ")))
                .isEqualTo("7d");
        assertThat(Settings.COORDINATION.valueIn(Map.of("COORDINATION", "off"))).isEqualTo("off");
        assertThat(Settings.COORDINATION.valueIn(Map.of("COORDINATION", "off", "SEQGATE_COORDINATION", "on")))
                .isEqualTo("on");
    }

    @Test
    void aRefusedValueIsReportedNamingTheSettingAndARuleWithTheValue() {
        assertThat(problems(Map.of("SEQGATE_PURGE_INTERVAL", "0s")))
                .containsExactly("SEQGATE_PURGE_INTERVAL must be positive, got PT0S");
        assertThat(problems(Map.of("SEQGATE_S3_RETRY_BUDGET", "-1s")))
                .containsExactly("SEQGATE_S3_RETRY_BUDGET must not be negative, got PT-1S");
        assertThat(problems(Map.of("SEQGATE_HTTP_PORT", "x")))
                .containsExactly("SEQGATE_HTTP_PORT: expected a port (0 for any free port) or 'off', got 'x'");
    }
}
