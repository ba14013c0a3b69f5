package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class S3ClientsTest {

    private static InProcessS3 s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = InProcessS3.start();
        s3.createBucket("clients", false);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @Test
    void putCarriesNoChecksumTheConditionalWriteDoesNotNeed() {
        List<SdkHttpRequest> sent = new ArrayList<>();
        ExecutionInterceptor capture = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                sent.add(context.httpRequest());
            }
        };
        try (S3Client client =
                S3Clients.create(s3.settings(), Duration.ofSeconds(5), Duration.ofSeconds(5), List.of(capture))) {
            client.putObject(b -> b.bucket("clients").key("k").ifNoneMatch("*"), RequestBody.fromString("output"));
        }

        assertThat(sent)
                .singleElement()
                .satisfies(put -> assertThat(put.headers().keySet())
                        .noneMatch(name -> name.equalsIgnoreCase("x-amz-trailer")
                                || name.toLowerCase(Locale.ROOT).startsWith("x-amz-checksum-")));
    }

    /**
     * Workers beyond the SDK's default pool of 50 connections each get their own: 60 calls are all
     * held open at the server at once, none waiting for a connection. With 50 connections only 50
     * would reach the server and this test would fail waiting for the other ten.
     */
    @Test
    void aPoolSizedBeyondFiftyConnectionsHoldsThatManyCallsOpenAtOnce() throws Exception {
        int calls = 60;
        s3.admin().putObject(b -> b.bucket("clients").key("held"), RequestBody.fromString("input"));
        CountDownLatch arrived = new CountDownLatch(calls);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(calls);
        try (S3Client client = S3Clients.create(s3.settings(), Duration.ofSeconds(30), Duration.ofSeconds(30), calls)) {
            s3.faults().holdHeads(arrived, release);
            List<Future<HeadObjectResponse>> heads = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                heads.add(callers.submit(
                        () -> client.headObject(b -> b.bucket("clients").key("held"))));
            }

            assertThat(arrived.await(20, TimeUnit.SECONDS))
                    .as("calls held at the server at once: %d of %d", calls - arrived.getCount(), calls)
                    .isTrue();
            release.countDown();
            for (Future<HeadObjectResponse> head : heads) {
                assertThat(head.get(30, TimeUnit.SECONDS).contentLength()).isEqualTo(5L);
            }
        } finally {
            s3.faults().reset();
            callers.shutdownNow();
        }
    }
}
