package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.seqgate.outcome.Decision;
import io.seqgate.transform.Transform;
import io.seqgate.transform.TransformInput;
import io.seqgate.transform.TransformOutput;
import io.seqgate.transform.TransientTransformException;
import io.seqgate.transform.builtin.HttpTransform;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * What the sink makes of whatever a transform does (docs/transforms.md): a transient failure is tried
 * again within the event's retry budget; a bug — a throw, a missing class, no output, an output without a
 * content type — ends FAILED; an output over the object limit ends UNSUPPORTED and the older output goes.
 * None of them throws out of the sink.
 */
class TransformOutcomesTest extends S3SinkTestBase {

    private static final String IDENTITY = "test/1";

    private S3ObjectSink sinkWith(Transform transform) {
        return new S3ObjectSink(client, settings(true), transform, IDENTITY, time, time);
    }

    @Test
    void aTransientFailureIsTriedAgainAndTheNextAnswerWritten() {
        PutObjectResponse put = putInput(key, "cat");
        AtomicInteger calls = new AtomicInteger();
        Transform flaky = input -> {
            if (calls.incrementAndGet() == 1) {
                throw new TransientTransformException("service busy");
            }
            return transform.apply(input);
        };

        SinkResult result = sinkWith(flaky).apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.DONE);
        assertThat(calls).hasValue(2);
        assertThat(time.sleeps).hasSize(1);
        assertThat(output(key)).isEqualTo("tac");
    }

    @Test
    void aTransformStillFailingAtTheBudgetsEndEndsFailedNamingIt() {
        PutObjectResponse put = putInput(key, "cat");
        Transform down = input -> {
            throw new TransientTransformException("POST http://svc/ failed: connection refused");
        };

        SinkResult result = sinkWith(down).apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason())
                .startsWith("transform unavailable after ")
                .contains("over 20.0s: test/1 of s3://input/" + key + ": POST http://svc/ failed: connection refused");
        assertThat(time.elapsed()).isEqualTo(SinkSettings.DEFAULT_RETRY_BUDGET);
        assertThat(output(key)).isNull();
    }

    @Test
    void aTransformThatReturnsNothingEndsFailed() {
        PutObjectResponse put = putInput(key, "cat");

        SinkResult result = sinkWith(input -> null).apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason())
                .isEqualTo("transform failed: java.lang.IllegalStateException: the transform returned null instead"
                        + " of an output");
    }

    @Test
    void anOutputWithoutContentTypeEndsFailed() {
        PutObjectResponse put = putInput(key, "cat");

        SinkResult result =
                sinkWith(input -> new TransformOutput(input.bytes(), null)).apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason()).isEqualTo("transform failed: java.lang.NullPointerException: output content type");
    }

    @Test
    void anOutputWithoutBytesEndsFailed() {
        PutObjectResponse put = putInput(key, "cat");

        SinkResult result =
                sinkWith(input -> new TransformOutput(null, "text/plain")).apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason()).isEqualTo("transform failed: java.lang.NullPointerException: output bytes");
    }

    @Test
    void aTransformMissingAClassEndsFailedWithoutThrowing() {
        PutObjectResponse put = putInput(key, "cat");
        Transform linkage = input -> {
            throw new NoClassDefFoundError("com/example/Codec");
        };

        SinkResult result = sinkWith(linkage).apply(created(key, put, SEQ_10));

        assertThat(result.decision()).isEqualTo(Decision.FAILED);
        assertThat(result.reason()).isEqualTo("transform failed: java.lang.NoClassDefFoundError: com/example/Codec");
    }

    @Test
    void anOutputOverTheObjectLimitIsUnsupportedAndTheOlderOutputIsDeleted() {
        PutObjectResponse put = putInput(key, "cat");
        writeOutput(key, "older", SEQ_10);
        Transform inflating = input -> new TransformOutput(new byte[(int) MAX_BYTES + 1], "application/octet-stream");

        SinkResult result = sinkWith(inflating).apply(created(key, put, SEQ_20));

        assertThat(result.decision()).isEqualTo(Decision.UNSUPPORTED);
        assertThat(result.reason())
                .startsWith("the transform's output is " + (MAX_BYTES + 1) + " bytes, over the limit of " + MAX_BYTES
                        + " bytes (SEQGATE_MAX_OBJECT_BYTES)");
        assertThat(output(key)).isNull();
    }

    @Test
    void theTransformIsGivenTheObjectItsVersionAndTheEventsSequencer() {
        PutObjectResponse put = admin.putObject(
                b -> b.bucket(IN).key(key).contentType("image/x-test"),
                software.amazon.awssdk.core.sync.RequestBody.fromString("cat"));
        AtomicReference<TransformInput> seen = new AtomicReference<>();
        Transform recording = input -> {
            seen.set(input);
            return transform.apply(input);
        };

        sinkWith(recording).apply(created(key, put, SEQ_10));

        TransformInput input = seen.get();
        assertThat(input.bucket()).isEqualTo(IN);
        assertThat(input.key()).isEqualTo(key);
        assertThat(input.versionId()).isEqualTo(put.versionId());
        assertThat(input.eTag()).isEqualTo(put.eTag().replace("\"", ""));
        assertThat(input.contentType()).isEqualTo("image/x-test");
        assertThat(input.sequencer()).isEqualTo(SEQ_10);
        assertThat(input.size()).isEqualTo(3);
        assertThat(new String(input.bytes(), StandardCharsets.UTF_8)).isEqualTo("cat");
    }

    @Test
    void everyOutputRecordsTheIdentityItWasGiven() {
        PutObjectResponse put = putInput(key, "cat");

        sinkWith(transform).apply(created(key, put, SEQ_10));

        assertThat(outputHead(key).metadata()).containsEntry(OutputMetadata.TRANSFORM, IDENTITY);
    }

    @Test
    void theHttpTransformsServiceFailingOnceThenAnsweringHasItsAnswerWritten() throws Exception {
        HttpServer service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger requests = new AtomicInteger();
        service.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean first = requests.incrementAndGet() == 1;
            byte[] answer = first
                    ? "busy".getBytes(StandardCharsets.UTF_8)
                    : ("thumb of " + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "image/x-thumb");
            exchange.sendResponseHeaders(first ? 503 : 200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        service.start();
        PutObjectResponse put = putInput(key, "cat");
        try (HttpTransform http = new HttpTransform(
                URI.create("http://127.0.0.1:" + service.getAddress().getPort() + "/"),
                Duration.ofSeconds(10),
                4,
                MAX_BYTES)) {

            SinkResult result = sinkWith(http).apply(created(key, put, SEQ_10));

            assertThat(result.decision()).isEqualTo(Decision.DONE);
            assertThat(requests).hasValue(2);
            assertThat(output(key)).isEqualTo("thumb of cat");
            assertThat(outputHead(key).contentType()).isEqualTo("image/x-thumb");
        } finally {
            service.stop(0);
        }
    }

    @Test
    void theWorstCaseCountsTheTransformsBoundForEveryTransformCallAnEventMayMake() {
        SinkSettings settings = settings(true);
        Duration callTimeout = Duration.ofSeconds(5);

        Duration without = S3ObjectSink.worstCaseApplyTime(settings, callTimeout);
        Duration with = S3ObjectSink.worstCaseApplyTime(settings, callTimeout, Optional.of(Duration.ofSeconds(31)));

        assertThat(without)
                .isEqualTo(callTimeout
                        .multipliedBy(S3ObjectSink.worstCaseCalls(settings))
                        .plus(settings.retryBudget()));
        assertThat(with.minus(without)).isEqualTo(Duration.ofSeconds(31).multipliedBy(settings.maxWriteRounds()));
    }
}
