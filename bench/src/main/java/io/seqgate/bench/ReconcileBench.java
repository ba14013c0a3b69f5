package io.seqgate.bench;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.devstack.stack.DeliveryFaults;
import io.seqgate.devstack.stack.DevStack;
import io.seqgate.event.ReconcileRecords.Cause;
import io.seqgate.metrics.SeqgateMetrics;
import io.seqgate.outcome.Decision;
import io.seqgate.reconcile.Checkpoint;
import io.seqgate.reconcile.HttpOutputIndex;
import io.seqgate.reconcile.OutputIndex;
import io.seqgate.reconcile.ReconcilePass;
import io.seqgate.runtime.Reconcilers;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Section 6: {@code seqgate reconcile} (docs/reconcile.md). Two questions, on the embedded stack with one
 * processor:
 *
 * <ul>
 *   <li>How fast does a pass compare a bucket that is in sync, and at what cost in S3 requests? 100,000
 *       objects (scaled), in 100 folders, backfilled first by a pass (their notifications lost), then
 *       compared by a pass that reads the gate's output index over HTTP, and by one that does not (a HEAD
 *       per output).</li>
 *   <li>How fast does the sink settle objects a pass found out of sync, against the live sink on the same
 *       objects? 10,000 objects (scaled) uploaded with their notifications: first upload to last DONE; then
 *       each overwritten with its notification lost, and reconciled: the pass's start to the last DONE.</li>
 * </ul>
 */
final class ReconcileBench implements Section {

    static final double COMPARE_TARGET = 2000;
    static final double SETTLE_TARGET = 0.8;
    private static final int BASE_IN_SYNC = 100_000;
    private static final int BASE_OUT_OF_SYNC = 10_000;
    private static final int FOLDERS = 100;
    private static final int UPLOADERS = 16;
    private static final ReconcilePass.Options OPTIONS = new ReconcilePass.Options(4, 16, 0);

    @Override
    public String name() {
        return "reconcile";
    }

    @Override
    public String title() {
        return "Reconcile: comparing a bucket in sync, and settling what is not";
    }

    @Override
    public void run(BenchContext context) throws Exception {
        int inSyncObjects = context.options().scaled(BASE_IN_SYNC, 1000);
        int outOfSyncObjects = context.options().scaled(BASE_OUT_OF_SYNC, 200);
        try (DevStack stack = DevStack.builder().start();
                BenchProcessor processor = BenchProcessor.start(
                        stack, "reconcile", context.newDir("reconcile-"), Map.of("SEQGATE_HTTP_PORT", "0"), t -> t)) {
            S3Client s3 = processor.s3();
            String inSync = "in-sync/";
            String outOfSync = "out-of-sync/";
            try (Reconcilers.Opened inSyncPasses = reconcilers(stack, context, inSync);
                    Reconcilers.Opened outOfSyncPasses = reconcilers(stack, context, outOfSync)) {
                // 1. A bucket that is in sync: backfilled by a pass, compared by two more.
                context.progress("uploading %,d objects without notifications", inSyncObjects);
                long uploadStart = System.nanoTime();
                stack.notifier().setFaults(DeliveryFaults.none().losing(1));
                upload(s3, stack.inputBucket(), inSync, inSyncObjects, 64, 0);
                stack.notifier().setFaults(DeliveryFaults.none());
                double uploadSeconds = seconds(uploadStart);
                long doneBefore = processor.outcomes().count(Decision.DONE);
                context.progress("backfill pass");
                long backfillStart = System.nanoTime();
                ReconcilePass.Progress backfill = pass(inSyncPasses, OutputIndex.NONE);
                awaitDone(processor, doneBefore + inSyncObjects, "the backfill");
                double backfillSeconds = seconds(backfillStart);
                context.progress(
                        "backfill: %,d records, settled in %.1f s (%,.0f objects/s)",
                        backfill.emitted(), backfillSeconds, inSyncObjects / backfillSeconds);
                context.progress("in-sync pass with the gate's output index");
                ReconcilePass.Progress indexed = pass(inSyncPasses, new HttpOutputIndex(processor.url(), null));
                context.progress("in-sync pass without it (a HEAD per output)");
                ReconcilePass.Progress headed = pass(inSyncPasses, OutputIndex.NONE);

                // 2. Settling objects out of sync, against the live sink on the same objects.
                context.progress("live: uploading %,d objects with their notifications", outOfSyncObjects);
                doneBefore = processor.outcomes().count(Decision.DONE);
                long liveStart = System.nanoTime();
                upload(s3, stack.inputBucket(), outOfSync, outOfSyncObjects, 256, 0);
                awaitDone(processor, doneBefore + outOfSyncObjects, "the live uploads");
                double liveSeconds = seconds(liveStart);
                context.progress("overwriting them with their notifications lost");
                stack.notifier().setFaults(DeliveryFaults.none().losing(1));
                upload(s3, stack.inputBucket(), outOfSync, outOfSyncObjects, 256, 1);
                stack.notifier().setFaults(DeliveryFaults.none());
                doneBefore = processor.outcomes().count(Decision.DONE);
                long settleStart = System.nanoTime();
                ReconcilePass.Progress found = pass(outOfSyncPasses, new HttpOutputIndex(processor.url(), null));
                awaitDone(processor, doneBefore + outOfSyncObjects, "the settles");
                double settleSeconds = seconds(settleStart);
                double live = outOfSyncObjects / liveSeconds;
                double settled = outOfSyncObjects / settleSeconds;
                context.progress("live %.1f objects/s, settled %.1f objects/s", live, settled);

                report(
                        context,
                        inSyncObjects,
                        uploadSeconds,
                        backfill,
                        backfillSeconds,
                        indexed,
                        headed,
                        outOfSyncObjects,
                        found,
                        live,
                        settled);
            }
        }
    }

    /** Passes over the input location {@code prefix} of the stack's input bucket. */
    private static Reconcilers.Opened reconcilers(DevStack stack, BenchContext context, String prefix) {
        Map<String, String> env =
                BenchProcessor.environment(stack, "bench-reconcile", context.newDir("reconcile-passes-"));
        env.put("SEQGATE_INPUT_LOCATIONS", stack.inputBucket() + "/" + prefix);
        return Reconcilers.open(SeqgateConfig.fromEnv(env), SeqgateMetrics.none(), "bench-reconcile");
    }

    private static ReconcilePass.Progress pass(Reconcilers.Opened reconcilers, OutputIndex index)
            throws InterruptedException {
        return reconcilers.reconciler().pass(OPTIONS, Checkpoint.NONE, index).run();
    }

    /** Uploads {@code n} PNGs of {@code size} px under {@code prefix}, in {@link #FOLDERS} folders, version {@code v}. */
    private static void upload(S3Client s3, String bucket, String prefix, int n, int size, int v) throws Exception {
        ExecutorService uploaders = Executors.newFixedThreadPool(UPLOADERS);
        try {
            List<Future<?>> uploads = new ArrayList<>();
            for (int t = 0; t < UPLOADERS; t++) {
                int thread = t;
                uploads.add(uploaders.submit(() -> {
                    for (int i = thread; i < n; i += UPLOADERS) {
                        byte[] image = BenchImages.drawing(size, new Color((i * 37 + v * 101) & 0xFFFFFF), "v" + v);
                        String key = prefix + String.format(Locale.ROOT, "%02d/%07d.png", i % FOLDERS, i);
                        s3.putObject(
                                b -> b.bucket(bucket).key(key).contentType(BenchImages.PNG),
                                RequestBody.fromBytes(image));
                    }
                    return null;
                }));
            }
            for (Future<?> upload : uploads) {
                upload.get();
            }
        } finally {
            uploaders.shutdown();
            uploaders.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private static void awaitDone(BenchProcessor processor, long count, String what) {
        long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        while (processor.outcomes().count(Decision.DONE) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": "
                        + processor.outcomes().count(Decision.DONE) + " of " + count + " DONE outcomes after an hour");
            }
            Pause.millis(100);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void report(
            BenchContext context,
            int inSyncObjects,
            double uploadSeconds,
            ReconcilePass.Progress backfill,
            double backfillSeconds,
            ReconcilePass.Progress indexed,
            ReconcilePass.Progress headed,
            int outOfSyncObjects,
            ReconcilePass.Progress found,
            double live,
            double settled) {
        Report report = context.report();
        report.heading(title());
        report.paragraph(
                "One processor (default settings, HTTP on) and the passes in this JVM, on the embedded stack;"
                        + " `seqgate reconcile`'s defaults (%d listers, %d output HEADs at once, no rate limit)."
                        + " %,d 64 px PNGs in %d folders were uploaded with every notification lost (%.0f s), then"
                        + " backfilled by one pass (%,d records, all settled in %.1f s: %,.0f objects/s, listing"
                        + " included), then compared by two passes: one reading the gate's output index over HTTP,"
                        + " one comparing by a HEAD of each output. No pass reads an input.",
                OPTIONS.listers(),
                OPTIONS.checkers(),
                inSyncObjects,
                FOLDERS,
                uploadSeconds,
                backfill.emitted(),
                backfillSeconds,
                inSyncObjects / backfillSeconds);
        report.table(
                List.of(
                        "pass",
                        "objects compared",
                        "in sync",
                        "by the index",
                        "wall (s)",
                        "compared/s",
                        "S3 requests",
                        "requests per object"),
                List.of(
                        passRow("in sync, with the gate's output index", indexed),
                        passRow("in sync, a HEAD per output", headed)));
        double compareRate = indexed.rate();
        report.target(Target.atLeast(
                "objects compared per second, in sync (with the index)",
                "≥ 2,000",
                compareRate,
                COMPARE_TARGET,
                String.format(Locale.ROOT, "%,.0f/s", compareRate)));
        report.paragraph(
                "%,d 256 px PNGs uploaded with their notifications (live: first upload to the last DONE outcome,"
                        + " %.1f objects/s), then each overwritten with its notification lost and reconciled (the"
                        + " pass found %,d out of sync %s; its start to the last DONE: %.1f objects/s).",
                outOfSyncObjects, live, found.outOfSyncTotal(), found.outOfSync(), settled);
        double ratio = settled / live;
        report.target(Target.atLeast(
                "objects settled per second ÷ the live sink's on the same objects",
                "≥ 0.8",
                ratio,
                SETTLE_TARGET,
                Report.ratio(ratio)));
        if (indexed.outOfSync().containsKey(Cause.OUTPUT_MISSING) || headed.outOfSyncTotal() > 0) {
            report.paragraph("Note: a pass over the bucket in sync found objects out of sync: " + indexed.outOfSync()
                    + " / " + headed.outOfSync() + ".");
        }
    }

    private static List<String> passRow(String name, ReconcilePass.Progress p) {
        return List.of(
                name,
                String.format(Locale.ROOT, "%,d", p.compared()),
                String.format(Locale.ROOT, "%,d", p.inSync()),
                String.format(Locale.ROOT, "%,d", p.inSyncByIndex()),
                String.format(Locale.ROOT, "%.1f", p.elapsed().toMillis() / 1000.0),
                String.format(Locale.ROOT, "%,.0f", p.rate()),
                String.valueOf(p.requests()),
                String.format(Locale.ROOT, "%.3f", p.requestsTotal() / (double) Math.max(1, p.compared())));
    }
}
