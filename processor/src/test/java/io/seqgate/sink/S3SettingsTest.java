package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class S3SettingsTest {

    @Test
    void toStringNeverShowsTheSecretKey() {
        S3Settings settings =
                new S3Settings(URI.create("http://minio:9000"), "us-east-1", true, "AKIA1", "s3cr3t-value");

        assertThat(settings.toString()).doesNotContain("s3cr3t-value").contains("AKIA1");
    }

    @Test
    void accessKeyWithoutSecretKeyIsRejected() {
        assertThatThrownBy(() -> new S3Settings(null, "us-east-1", false, "AKIA1", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secretKey");
    }

    @Test
    void noKeysMeansTheDefaultCredentialsChain() {
        assertThat(new S3Settings(null, "eu-west-1", false, null, null).hasStaticCredentials())
                .isFalse();
    }
}
