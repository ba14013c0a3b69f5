package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;

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
}
