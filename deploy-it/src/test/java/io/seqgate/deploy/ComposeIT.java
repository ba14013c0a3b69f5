package io.seqgate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.seqgate.devstack.pictures.Pictures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * This repository's docker-compose.yml, brought up as docs/deploy.md "Run with Docker" says, two processors:
 * MinIO's own notifications → Kafka → seqgate → the inverted image in the output bucket, and the
 * object's state answered by either replica. Needs a Docker engine with Compose v2.
 */
@EnabledIf(
        value = "dockerAvailable",
        disabledReason = "no Docker engine here: docker-compose.yml is only checked with "
                + "`docker-compose config` (.ci/run); this test brings the stack up where Docker runs")
class ComposeIT {

    private static ComposeContainer compose;
    private static S3Client s3;

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeAll
    static void up() {
        compose = new ComposeContainer(new File(System.getProperty("seqgate.root"), "docker-compose.yml"))
                .withBuild(true)
                .withScaledService("processor", 2)
                .withExposedService("minio", 9000, Wait.forHttp("/minio/health/ready"))
                .withExposedService(
                        "processor-1", 8080, Wait.forHttp("/health/ready").withStartupTimeout(Duration.ofMinutes(10)))
                .withExposedService(
                        "processor-2", 8080, Wait.forHttp("/health/ready").withStartupTimeout(Duration.ofMinutes(10)))
                .withRemoveVolumes(true);
        compose.start();
        s3 = S3Client.builder()
                .endpointOverride(URI.create("http://" + compose.getServiceHost("minio", 9000) + ":"
                        + compose.getServicePort("minio", 9000)))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("minioadmin", "minioadmin")))
                .build();
    }

    @AfterAll
    static void down() {
        if (s3 != null) {
            s3.close();
        }
        if (compose != null) {
            compose.stop();
        }
    }

    @Test
    void anUploadedImageAppearsInvertedInOutputAndEitherReplicaAnswersForIt() throws Exception {
        s3.putObject(
                b -> b.bucket("input").key("compose/cat 1.png"), RequestBody.fromBytes(Pictures.flat(4, 4, 0x336699)));

        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    BufferedImage output = ImageIO.read(new ByteArrayInputStream(output("compose/cat 1.png")));
                    assertThat(output).isNotNull();
                    assertThat(output.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xFFFFFF - 0x336699);
                });
        for (String replica : new String[] {"processor-1", "processor-2"}) {
            HttpResponse<String> state = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://"
                                            + compose.getServiceHost(replica, 8080) + ":"
                                            + compose.getServicePort(replica, 8080)
                                            + "/objects/input/compose/cat%201.png"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(state.statusCode()).as("%s answers", replica).isEqualTo(200);
            assertThat(state.body()).contains("\"DONE\"");
        }
    }

    private static byte[] output(String key) {
        try {
            return s3.getObjectAsBytes(b -> b.bucket("output").key(key)).asByteArray();
        } catch (NoSuchKeyException e) {
            return new byte[0];
        }
    }
}
