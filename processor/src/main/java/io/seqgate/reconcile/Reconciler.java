package io.seqgate.reconcile;

import io.seqgate.event.Location;
import io.seqgate.sink.S3Calls;
import io.seqgate.streams.KeyPartitioning;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Makes reconcile passes over one application's input and output locations (docs/reconcile.md): checks
 * first that every location can be listed and says which cannot, then hands out passes that share its
 * S3 client, retries and producer.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    /**
     * What a pass compares.
     *
     * @param inputs       the input locations ({@code SEQGATE_INPUT_LOCATIONS}); at least one
     * @param outputBucket the output bucket
     * @param outputKey    the output key of an input object, from its bucket and key
     * @param transform    the identity the current transform records in its outputs
     */
    public record Target(
            List<Location> inputs,
            String outputBucket,
            BiFunction<String, String, String> outputKey,
            String transform) {

        public Target {
            inputs = List.copyOf(inputs);
            Objects.requireNonNull(outputBucket, "outputBucket");
            Objects.requireNonNull(outputKey, "outputKey");
            Objects.requireNonNull(transform, "transform");
        }
    }

    /**
     * Where the records go: the input topic, keyed and partitioned as live notifications are.
     *
     * @param partitions the input topic's partition count
     */
    public record Destination(
            Producer<byte[], byte[]> producer, String topic, int partitions, KeyPartitioning partitioning) {}

    private final S3Client s3;
    private final S3Calls s3Calls;
    private final Target target;
    private final Destination destination;
    private final Clock clock;
    private final Map<String, Boolean> versioned = new ConcurrentHashMap<>();

    public Reconciler(S3Client s3, S3Calls s3Calls, Target target, Destination destination, Clock clock) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.s3Calls = Objects.requireNonNull(s3Calls, "s3Calls");
        this.target = Objects.requireNonNull(target, "target");
        this.destination = Objects.requireNonNull(destination, "destination");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Lists one key of every input location and of the output location, so that a pass that could not
     * list them fails before it writes anything.
     *
     * @return what is wrong, each naming the location and the setting; empty when every location can be listed
     */
    public List<String> problems() throws InterruptedException {
        return problems(new ReconcilePass.Options(1, 1, 0));
    }

    /**
     * What {@link #problems()} finds, and, when {@code options} name an inventory report, whether its
     * manifest can be read, describes a report a pass can read, and lists the bucket of an input location.
     */
    public List<String> problems(ReconcilePass.Options options) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        if (target.inputs().isEmpty()) {
            problems.add("SEQGATE_INPUT_LOCATIONS is empty: name the bucket (or bucket/prefix) to reconcile");
        }
        for (Location input : target.inputs()) {
            String why = whyNotListable(input);
            if (why != null) {
                problems.add("input location s3://" + input + " (SEQGATE_INPUT_LOCATIONS) " + why);
            }
        }
        Location output = new Location(target.outputBucket(), "");
        String why = whyNotListable(output);
        if (why != null) {
            problems.add("output bucket s3://" + output.bucket() + " (SEQGATE_OUTPUT_BUCKET) " + why);
        }
        if (options.inventory() != null) {
            String inventoryProblem = whyNotReadable(options.inventory());
            if (inventoryProblem != null) {
                problems.add(inventoryProblem);
            }
        }
        return problems;
    }

    private String whyNotReadable(ReconcilePass.Inventory inventory) throws InterruptedException {
        InventoryManifest manifest;
        try {
            manifest = InventoryManifest.read(s3, calls(), inventory.manifest());
        } catch (ReconcileException e) {
            return e.getMessage();
        }
        boolean covers = target.inputs().stream().anyMatch(in -> in.bucket().equals(manifest.sourceBucket()));
        return covers
                ? null
                : "the inventory " + manifest.url() + " lists bucket " + manifest.sourceBucket()
                        + ", which holds no input location (SEQGATE_INPUT_LOCATIONS: " + target.inputs() + ")";
    }

    private String whyNotListable(Location location) throws InterruptedException {
        try {
            calls().run(
                            "LIST",
                            "s3://" + location,
                            () -> s3.listObjectsV2(b -> b.bucket(location.bucket())
                                    .prefix(location.prefix())
                                    .maxKeys(1)));
            return null;
        } catch (S3Exception e) {
            String code =
                    e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code) || e.statusCode() == 404) {
                return "does not exist (NoSuchBucket)";
            }
            if (e.statusCode() == 403) {
                return "cannot be listed: " + code + " (HTTP 403; the identity needs s3:ListBucket)";
            }
            return "cannot be listed: " + e.getMessage();
        } catch (SdkClientException e) {
            String message = String.valueOf(e.getMessage());
            return message.contains("credentials")
                    ? "cannot be listed: no S3 credentials (set SEQGATE_S3_ACCESS_KEY and SEQGATE_S3_SECRET_KEY,"
                            + " or configure the AWS default credentials chain): " + message
                    : "cannot be listed: " + message;
        } catch (SdkException e) {
            return "cannot be listed: " + e.getMessage();
        }
    }

    /**
     * A new pass; {@code checkpoint} says where an earlier, interrupted run of it stopped. With an
     * inventory report in {@code options}, the input locations in the report's bucket are read from it
     * (check {@link #problems(ReconcilePass.Options)} first: the pass does not ask whether it covers any).
     *
     * @param index what the gate's state says the outputs hold, to tell outputs in sync without a HEAD
     *              each; {@link OutputIndex#NONE} for none
     */
    public ReconcilePass pass(ReconcilePass.Options options, Checkpoint checkpoint, OutputIndex index) {
        Map<String, LongAdder> requests = new ConcurrentHashMap<>();
        Calls calls = counting(requests);
        InventoryListing inventory = options.inventory() == null
                ? null
                : new InventoryListing(
                        s3,
                        calls,
                        options.inventory().manifest(),
                        options.inventory().workDir());
        return new ReconcilePass(
                target.inputs(),
                target.outputBucket(),
                new ReconcilePass.Listings() {
                    @Override
                    public BucketListing output(String bucket) throws InterruptedException {
                        return listing(bucket, calls);
                    }

                    @Override
                    public SortedListing input(Location location) throws InterruptedException {
                        return inventory != null
                                        && inventory.manifest().sourceBucket().equals(location.bucket())
                                ? inventory
                                : listing(location.bucket(), calls);
                    }
                },
                target.outputKey(),
                new SyncCheck(s3, calls, target.outputBucket(), target.transform()),
                new RecordEmitter(
                        destination.producer(),
                        destination.topic(),
                        destination.partitions(),
                        destination.partitioning(),
                        clock),
                options,
                checkpoint,
                index,
                requests);
    }

    private BucketListing listing(String bucket, Calls calls) throws InterruptedException {
        return new BucketListing(s3, calls, bucket, isVersioned(bucket, calls));
    }

    /** A pass that starts from the beginning, comparing by HEAD where the listings cannot tell. */
    public ReconcilePass pass(ReconcilePass.Options options) {
        return pass(options, Checkpoint.NONE, OutputIndex.NONE);
    }

    /**
     * Whether to list the bucket's versions: in a versioned bucket (or one whose versioning is suspended,
     * which may still hold versions) a plain listing shows the current objects too, but not their
     * version ids, which the sink's output records.
     */
    private boolean isVersioned(String bucket, Calls calls) throws InterruptedException {
        Boolean known = versioned.get(bucket);
        if (known != null) {
            return known;
        }
        boolean result;
        try {
            GetBucketVersioningResponse response = calls.run(
                    "VERSIONING",
                    "s3://" + bucket + "?versioning",
                    () -> s3.getBucketVersioning(b -> b.bucket(bucket)));
            BucketVersioningStatus status = response.status();
            result = status == BucketVersioningStatus.ENABLED || status == BucketVersioningStatus.SUSPENDED;
        } catch (S3Exception e) {
            LOG.warn(
                    "Cannot tell whether s3://{} is versioned ({}); listing it as unversioned", bucket, e.getMessage());
            result = false;
        }
        versioned.put(bucket, result);
        return result;
    }

    /** Calls that count themselves in {@code requests}, by operation. */
    private Calls counting(Map<String, LongAdder> requests) {
        return new Calls() {
            @Override
            public <T> T run(String operation, String what, Supplier<T> call) throws InterruptedException {
                requests.computeIfAbsent(operation, op -> new LongAdder()).increment();
                return s3Calls.startBudget().run(operation, what, call);
            }
        };
    }

    private Calls calls() {
        return new Calls() {
            @Override
            public <T> T run(String operation, String what, Supplier<T> call) throws InterruptedException {
                return s3Calls.startBudget().run(operation, what, call);
            }
        };
    }
}
