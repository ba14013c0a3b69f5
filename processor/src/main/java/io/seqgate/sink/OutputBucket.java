package io.seqgate.sink;

import io.seqgate.event.ObjectEvent;
import io.seqgate.transform.TransformOutput;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** The sink's requests to the output bucket: HEAD, PUT and DELETE of an output, conditional where asked. */
final class OutputBucket {

    private final S3Client s3;
    private final SinkSettings settings;

    OutputBucket(S3Client s3, SinkSettings settings) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The key of the output of the object {@code event} names. */
    String key(ObjectEvent event) {
        return settings.outputKey(event.bucket(), event.key());
    }

    String url(String outputKey) {
        return S3Objects.url(settings.outputBucket(), outputKey);
    }

    HeadObjectResponse headOrNull(String outputKey, S3Calls.Budget calls) throws InterruptedException {
        return S3Objects.headOrNull(s3, settings.outputBucket(), outputKey, calls);
    }

    PutObjectResponse put(String outputKey, TransformOutput output, Map<String, String> metadata, S3Calls.Budget calls)
            throws InterruptedException {
        return put(outputKey, output, metadata, put -> {}, calls);
    }

    /** PUT with {@code If-None-Match: *}: S3 refuses it (412) when the output exists. */
    PutObjectResponse putIfAbsent(
            String outputKey, TransformOutput output, Map<String, String> metadata, S3Calls.Budget calls)
            throws InterruptedException {
        return put(outputKey, output, metadata, put -> put.ifNoneMatch("*"), calls);
    }

    /** PUT with {@code If-Match: <eTag>}: S3 refuses it (412) when the output is no longer that one. */
    PutObjectResponse putIfMatch(
            String outputKey, TransformOutput output, Map<String, String> metadata, String eTag, S3Calls.Budget calls)
            throws InterruptedException {
        return put(outputKey, output, metadata, put -> put.ifMatch(eTag), calls);
    }

    void delete(String outputKey, S3Calls.Budget calls) throws InterruptedException {
        delete(outputKey, delete -> {}, calls);
    }

    /**
     * DELETE with {@code If-Match: <eTag>}. S3 honours If-Match on DeleteObject in general purpose
     * buckets; S3Proxy 4.1.0 does too (natively for aws-s3/azureblob back ends, as HEAD-compare-delete
     * inside the proxy for its filesystem/transient ones). A server that ignores the header deletes
     * unconditionally, which reopens the window between the caller's HEAD and this DELETE: a newer
     * output written in that window would be deleted until the next create of the key rewrites it.
     */
    void deleteIfMatch(String outputKey, String eTag, S3Calls.Budget calls) throws InterruptedException {
        delete(outputKey, delete -> delete.ifMatch(eTag), calls);
    }

    private PutObjectResponse put(
            String outputKey,
            TransformOutput output,
            Map<String, String> metadata,
            Consumer<PutObjectRequest.Builder> condition,
            S3Calls.Budget calls)
            throws InterruptedException {
        PutObjectRequest.Builder put = PutObjectRequest.builder()
                .bucket(settings.outputBucket())
                .key(outputKey)
                .contentType(output.contentType())
                .metadata(metadata);
        condition.accept(put);
        PutObjectRequest request = put.build();
        return calls.run("PUT", url(outputKey), () -> s3.putObject(request, body(output)));
    }

    private void delete(String outputKey, Consumer<DeleteObjectRequest.Builder> condition, S3Calls.Budget calls)
            throws InterruptedException {
        DeleteObjectRequest.Builder delete =
                DeleteObjectRequest.builder().bucket(settings.outputBucket()).key(outputKey);
        condition.accept(delete);
        DeleteObjectRequest request = delete.build();
        calls.run("DELETE", url(outputKey), () -> s3.deleteObject(request));
    }

    /**
     * The output bytes as a request body, without the copy {@link RequestBody#fromBytes} makes: the
     * transform's array is not changed after it returns.
     */
    private static RequestBody body(TransformOutput output) {
        return RequestBody.fromContentProvider(
                ContentStreamProvider.fromByteArrayUnsafe(output.bytes()), output.bytes().length, output.contentType());
    }
}
