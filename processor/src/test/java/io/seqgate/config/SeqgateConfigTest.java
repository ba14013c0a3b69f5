package io.seqgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.seqgate.event.Location;
import io.seqgate.runtime.StreamsProperties;
import io.seqgate.streams.KeyPartitioning;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SeqgateConfigTest {

    @Test
    void usesDocumentedDefaults() {
        SeqgateConfig c = SeqgateConfig.fromEnv(Map.of());
        assertThat(c.topics().input()).isEqualTo("s3-events");
        assertThat(c.topics().outcomes()).isEqualTo("s3-events-outcomes");
        assertThat(c.topics().deadLetters()).isEqualTo("s3-events-dlq");
        assertThat(c.gate().coordination()).isTrue();
        assertThat(c.gate().inputPartitioning()).isEqualTo(KeyPartitioning.MINIO_FNV1A);
        assertThat(c.gate().stateRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(c.s3().connection().pathStyle()).isFalse();
    }

    @Test
    void refusesOutputThatOverlapsInputNamingTheSettings() {
        assertThatThrownBy(() -> SeqgateConfig.fromEnv(Map.of(
                        "SEQGATE_INPUT_LOCATIONS",
                        "images",
                        "SEQGATE_OUTPUT_BUCKET",
                        "images",
                        "SEQGATE_OUTPUT_PREFIX",
                        "inverted/")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SEQGATE_OUTPUT_BUCKET")
                .hasMessageContaining("SEQGATE_INPUT_LOCATIONS")
                .hasMessageContaining("process its own output");
    }

    @Test
    void acceptsOutputPrefixBesideInputPrefixInOneBucket() {
        SeqgateConfig c = SeqgateConfig.fromEnv(Map.of(
                "SEQGATE_INPUT_LOCATIONS",
                "images/uploads/",
                "SEQGATE_OUTPUT_BUCKET",
                "images",
                "SEQGATE_OUTPUT_PREFIX",
                "inverted/"));
        assertThat(c.locations().output()).isEqualTo(new Location("images", "inverted/"));
    }

    @Test
    void namesTheInputBucketsSoTheSinkKnowsWhetherOutputKeysNeedOne() {
        assertThat(SeqgateConfig.fromEnv(Map.of("SEQGATE_INPUT_LOCATIONS", "photos/a/,photos/b/"))
                        .locations()
                        .inputBuckets())
                .containsExactly("photos");
        assertThat(SeqgateConfig.fromEnv(Map.of("SEQGATE_INPUT_LOCATIONS", "in-a,in-b"))
                        .locations()
                        .inputBuckets())
                .containsExactly("in-a", "in-b");
        assertThat(SeqgateConfig.fromEnv(Map.of()).locations().inputBuckets()).isEmpty();
    }

    @Test
    void refusesWholeOutputBucketWhenEveryBucketIsInput() {
        assertThatThrownBy(() -> SeqgateConfig.fromEnv(Map.of("SEQGATE_OUTPUT_BUCKET", "output")))
                .hasMessageContaining("SEQGATE_INPUT_LOCATIONS");
    }

    @Test
    void reportsEveryBadSettingAtOnce() {
        assertThatThrownBy(() -> SeqgateConfig.fromEnv(Map.of(
                        "SEQGATE_STATE_RETENTION",
                        "forever",
                        "COORDINATION",
                        "maybe",
                        "SEQGATE_MAX_PIXELS",
                        "-1",
                        "SEQGATE_S3_ACCESS_KEY",
                        "only-the-key")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SEQGATE_STATE_RETENTION")
                .hasMessageContaining("COORDINATION")
                .hasMessageContaining("SEQGATE_MAX_PIXELS")
                .hasMessageContaining("SEQGATE_S3_SECRET_KEY");
    }

    @Test
    void neverPrintsTheSecretKey() {
        SeqgateConfig c =
                SeqgateConfig.fromEnv(Map.of("SEQGATE_S3_ACCESS_KEY", "AKIA1", "SEQGATE_S3_SECRET_KEY", "s3cr3t"));
        assertThat(c.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void prefersSeqgateCoordinationOverTheAlias() {
        SeqgateConfig c = SeqgateConfig.fromEnv(Map.of("SEQGATE_COORDINATION", "on", "COORDINATION", "off"));
        assertThat(c.gate().coordination()).isTrue();
    }

    @Test
    void parsesDurationsInShortAndIsoForm() {
        assertThat(SeqgateConfig.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(SeqgateConfig.duration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(SeqgateConfig.duration("PT30S")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void passesKafkaStreamsSettingsThroughButNotTheIdentity() {
        SeqgateConfig c = SeqgateConfig.fromEnv(Map.of(
                "SEQGATE_APPLICATION_ID", "mine",
                "KAFKA_STREAMS_NUM_STREAM_THREADS", "4",
                "KAFKA_STREAMS_APPLICATION_ID", "hijack"));
        Properties p = StreamsProperties.of(c, Duration.ofSeconds(10));
        assertThat(p.get("num.stream.threads")).isEqualTo("4");
        assertThat(p.get("application.id")).isEqualTo("mine");
        assertThat(p.get("processing.guarantee")).isEqualTo("exactly_once_v2");
        // seqgate orders by sequencer: no waiting on the empty repartition partition for timestamp order
        assertThat(p.get("max.task.idle.ms")).isEqualTo(-1L);
    }

    @Test
    void sizesTheTransactionTimeoutAboveTheSlowestSinkCall() {
        Properties p = StreamsProperties.of(SeqgateConfig.fromEnv(Map.of()), Duration.ofSeconds(40));
        assertThat(p.get("producer.transaction.timeout.ms")).isEqualTo(120_000);
    }

    @Test
    void httpAndFailoverSettingsHaveDocumentedDefaults() {
        SeqgateConfig c = SeqgateConfig.fromEnv(Map.of());
        assertThat(c.http()).isEqualTo(new HttpSettings("0.0.0.0", 8080, null));
        assertThat(c.streams().sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
        assertThat(c.streams().groupInstanceId()).isNull();
        assertThat(c.streams().applicationServer()).isNull();
    }

    @Test
    void httpPortZeroPicksAFreePortAndOffRunsNoServer() {
        assertThat(SeqgateConfig.fromEnv(Map.of("SEQGATE_HTTP_PORT", "0"))
                        .http()
                        .port())
                .isZero();
        assertThat(SeqgateConfig.fromEnv(Map.of("SEQGATE_HTTP_PORT", "off"))
                        .http()
                        .enabled())
                .isFalse();
    }

    @Test
    void refusesBadHttpSettingsNamingThemAndNeverRepeatingTheToken() {
        assertThatThrownBy(() -> SeqgateConfig.fromEnv(Map.of(
                        "SEQGATE_HTTP_PORT",
                        "70000",
                        "SEQGATE_HTTP_TOKEN",
                        "short-secret",
                        "SEQGATE_APPLICATION_SERVER",
                        "no-port",
                        "SEQGATE_SESSION_TIMEOUT",
                        "0s")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SEQGATE_HTTP_PORT")
                .hasMessageContaining("SEQGATE_HTTP_TOKEN")
                .hasMessageContaining("SEQGATE_APPLICATION_SERVER")
                .hasMessageContaining("SEQGATE_SESSION_TIMEOUT")
                .hasMessageNotContaining("short-secret");
    }

    @Test
    void httpLimitsAndPeerSecretAreReadAndNeverShown() {
        SeqgateConfig c = SeqgateConfig.fromEnv(Map.of(
                "SEQGATE_HTTP_IDLE_TIMEOUT",
                "3s",
                "SEQGATE_HTTP_MAX_QUERIES",
                "5",
                "SEQGATE_HTTP_TOKEN",
                "0123456789abcdef-token",
                "SEQGATE_HTTP_PEER_SECRET",
                "0123456789abcdef-peer"));
        assertThat(c.http().idleTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.http().maxQueries()).isEqualTo(5);
        assertThat(c.http().markerSecret()).contains("0123456789abcdef-peer");
        assertThat(c.toString()).contains("peer secret set").doesNotContain("0123456789abcdef-peer");
        assertThat(SeqgateConfig.fromEnv(Map.of("SEQGATE_HTTP_TOKEN", "0123456789abcdef-token"))
                        .http()
                        .markerSecret())
                .as("without a peer secret the token signs")
                .contains("0123456789abcdef-token");
    }

    @Test
    void refusesBadHttpLimitsAndAShortPeerSecretWithoutRepeatingIt() {
        assertThatThrownBy(() -> SeqgateConfig.fromEnv(Map.of(
                        "SEQGATE_HTTP_IDLE_TIMEOUT",
                        "0s",
                        "SEQGATE_HTTP_MAX_QUERIES",
                        "0",
                        "SEQGATE_HTTP_PEER_SECRET",
                        "short-peer")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SEQGATE_HTTP_IDLE_TIMEOUT")
                .hasMessageContaining("SEQGATE_HTTP_MAX_QUERIES")
                .hasMessageContaining("SEQGATE_HTTP_PEER_SECRET")
                .hasMessageNotContaining("short-peer");
    }

    @Test
    void describeTellsWhetherATokenIsRequiredButNeverTheToken() {
        SeqgateConfig c = SeqgateConfig.fromEnv(Map.of("SEQGATE_HTTP_TOKEN", "0123456789abcdef-secret"));
        assertThat(c.toString()).contains("bearer token required").doesNotContain("0123456789abcdef-secret");
    }

    @Test
    void streamsGetFastFailoverTimeoutsStandbysAndStaticMembershipWhenAsked() {
        Properties p = StreamsProperties.of(
                SeqgateConfig.fromEnv(Map.of("SEQGATE_GROUP_INSTANCE_ID", "seqgate-0")), Duration.ZERO);
        assertThat(p.get("num.standby.replicas")).isEqualTo(1);
        assertThat(p.get("consumer.session.timeout.ms")).isEqualTo(6000);
        assertThat(p.get("consumer.heartbeat.interval.ms")).isEqualTo(1000);
        assertThat(p.get("main.consumer.group.instance.id")).isEqualTo("seqgate-0");
        assertThat(StreamsProperties.of(SeqgateConfig.fromEnv(Map.of()), Duration.ZERO))
                .doesNotContainKey("main.consumer.group.instance.id");
    }

    @Test
    void runsTheSinkAsynchronouslyOnThirtyTwoWorkersByDefault() {
        SinkExecution sink = SeqgateConfig.fromEnv(Map.of()).sinkExecution();
        assertThat(sink).isEqualTo(new SinkExecution(SinkExecution.Mode.ASYNC, 32, 256, Duration.ZERO));
    }

    @Test
    void theSinkMemoryBudgetIsHalfTheHeapByDefault() {
        MemoryBudget memory = SeqgateConfig.fromEnv(Map.of()).sinkExecution().memory();

        assertThat(memory).isEqualTo(MemoryBudget.DEFAULT);
        assertThat(memory.bytesOf(1024L << 20)).isEqualTo(512L << 20);
    }

    @Test
    void readsTheSinkMemoryBudgetAsAShareOfTheHeapOrASize() {
        assertThat(memoryFrom("75%").bytesOf(4000)).isEqualTo(3000);
        assertThat(memoryFrom(" 100 % ").bytesOf(4000)).isEqualTo(4000);
        assertThat(memoryFrom("2g").bytesOf(1L << 40)).isEqualTo(2L << 30);
        assertThat(memoryFrom("512M").bytesOf(1L << 40)).isEqualTo(512L << 20);
        assertThat(memoryFrom("65536k").bytesOf(1L << 40)).isEqualTo(64L << 20);
        assertThat(memoryFrom("1073741824").bytesOf(1L << 40)).isEqualTo(1L << 30);
    }

    @Test
    void refusesASinkMemoryBudgetThatIsNoShareOrSizeNamingTheSetting() {
        for (String share : List.of("0%", "101%", "half%", "-5%")) {
            assertThatThrownBy(() -> memoryFrom(share))
                    .as(share)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining(
                            "SEQGATE_SINK_MEMORY: expected a share of the heap from 1% to 100%, got '" + share + "'");
        }
        for (String size : List.of("0", "lots", "2t", "1.5g", "99999999999999999999")) {
            assertThatThrownBy(() -> memoryFrom(size))
                    .as(size)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("SEQGATE_SINK_MEMORY: expected a share of the heap like 50% or a size like"
                            + " 2g, 512m or 1073741824 (bytes), got '" + size + "'");
        }
    }

    private static MemoryBudget memoryFrom(String value) {
        return SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_MEMORY", value))
                .sinkExecution()
                .memory();
    }

    @Test
    void readsTheSinkLingerAndRefusesOneOutsideZeroToTenSeconds() {
        assertThat(SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_LINGER", "150ms"))
                        .sinkExecution()
                        .linger())
                .isEqualTo(Duration.ofMillis(150));
        assertThat(SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_LINGER", "10s"))
                        .sinkExecution()
                        .linger())
                .isEqualTo(Duration.ofSeconds(10));
        assertThatThrownBy(() -> SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_LINGER", "11s")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SEQGATE_SINK_LINGER must be between 0 and 10s, got 11000ms");
        assertThatThrownBy(() -> SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_LINGER", "soon")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SEQGATE_SINK_LINGER: expected a duration");
    }

    @Test
    void readsTheSinkSettings() {
        SinkExecution sink = SeqgateConfig.fromEnv(Map.of(
                        "SEQGATE_SINK_MODE", "sync", "SEQGATE_SINK_CONCURRENCY", "8", "SEQGATE_SINK_MAX_PENDING", "20"))
                .sinkExecution();
        assertThat(sink).isEqualTo(new SinkExecution(SinkExecution.Mode.SYNC, 8, 20));
    }

    @Test
    void refusesBadSinkSettingsNamingThem() {
        assertThatThrownBy(() -> SeqgateConfig.fromEnv(Map.of(
                        "SEQGATE_SINK_MODE",
                        "later",
                        "SEQGATE_SINK_CONCURRENCY",
                        "1025",
                        "SEQGATE_SINK_MAX_PENDING",
                        "0")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SEQGATE_SINK_MODE: expected async or sync, got 'later'")
                .hasMessageContaining("SEQGATE_SINK_CONCURRENCY: expected a whole number from 1 to 1024, got '1025'")
                .hasMessageContaining("SEQGATE_SINK_MAX_PENDING: expected a whole number from 1 to");
    }

    @Test
    void sinkConcurrencyGoesBeyondTheSdksFiftyConnectionsUpTo1024() {
        assertThat(SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_CONCURRENCY", "1024"))
                        .sinkExecution()
                        .concurrency())
                .isEqualTo(1024);
        assertThat(SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_CONCURRENCY", "128"))
                        .sinkExecution()
                        .concurrency())
                .isEqualTo(128);
        assertThat(SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_CONCURRENCY", "1"))
                        .sinkExecution()
                        .concurrency())
                .isEqualTo(1);
    }

    @Test
    void sinkConcurrencyOutsideOneTo1024IsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_CONCURRENCY", "0")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SEQGATE_SINK_CONCURRENCY: expected a whole number from 1 to 1024, got '0'");
        assertThatThrownBy(() -> SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_CONCURRENCY", "1025")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("SEQGATE_SINK_CONCURRENCY: expected a whole number from 1 to 1024, got '1025'");
    }

    @Test
    void asynchronousSinkPollsNoLongerThanItsResultsWait() {
        assertThat(StreamsProperties.of(SeqgateConfig.fromEnv(Map.of()), Duration.ZERO)
                        .get("poll.ms"))
                .isEqualTo(10L);
        assertThat(StreamsProperties.of(SeqgateConfig.fromEnv(Map.of("SEQGATE_SINK_MODE", "sync")), Duration.ZERO))
                .doesNotContainKey("poll.ms");
    }

    @Test
    void theTransformIsInvertWithoutPluginsUnlessChosen() {
        TransformChoice chosen = SeqgateConfig.fromEnv(Map.of()).transform();

        assertThat(chosen).isEqualTo(TransformChoice.defaults());
        assertThat(chosen.name()).isEqualTo("invert");
    }

    @Test
    void theTransformsNameAndSettingsAreTakenAsGivenForTheStartToCheck() {
        TransformChoice chosen = SeqgateConfig.fromEnv(Map.of(
                        "SEQGATE_TRANSFORM", " Thumbnail ",
                        "SEQGATE_TRANSFORM_PATH", "/opt/seqgate/transforms",
                        "SEQGATE_TRANSFORM_THUMBNAIL_SIZE", "64",
                        "SEQGATE_TRANSFORMS", "not ours"))
                .transform();

        assertThat(chosen.name()).isEqualTo("thumbnail");
        assertThat(chosen.pluginPath()).contains(java.nio.file.Path.of("/opt/seqgate/transforms"));
        assertThat(chosen.settings()).containsOnly(Map.entry("SEQGATE_TRANSFORM_THUMBNAIL_SIZE", "64"));
    }

    @Test
    void refusesATransformNameThatIsNoName() {
        assertThatThrownBy(() -> SeqgateConfig.fromEnv(Map.of("SEQGATE_TRANSFORM", "my transform")))
                .hasMessageContaining("SEQGATE_TRANSFORM: expected a transform's name")
                .hasMessageContaining("got 'my transform'");
    }

    @Test
    void describeNamesTheTransformsSettingsButNeverTheirValues() {
        SeqgateConfig c = SeqgateConfig.fromEnv(
                Map.of("SEQGATE_TRANSFORM", "scanner", "SEQGATE_TRANSFORM_SCANNER_API_KEY", "0123456789abcdef-key"));

        assertThat(c.toString())
                .contains("SEQGATE_TRANSFORM=scanner")
                .contains("SEQGATE_TRANSFORM_*=[SEQGATE_TRANSFORM_SCANNER_API_KEY]")
                .doesNotContain("0123456789abcdef-key");
    }
}
