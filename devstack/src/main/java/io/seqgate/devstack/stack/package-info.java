/**
 * The embedded development stack: a real single-node KRaft broker ({@link io.seqgate.devstack.stack.EmbeddedKafka}),
 * an in-process S3 server ({@link io.seqgate.devstack.stack.EmbeddedS3}, S3Proxy over a
 * {@link io.seqgate.devstack.stack.NotifyingBlobStore}, which does what MinIO does for each request:
 * {@link io.seqgate.devstack.stack.MinioSemantics}), and a notifier that turns every change of an
 * object into a MinIO-shaped notification on the input topic ({@link io.seqgate.devstack.stack.MinioNotifier}),
 * with sequencers, keys and partitions as MinIO's Kafka target makes them and, on request, the duplicates
 * and reordering of at-least-once delivery. {@link io.seqgate.devstack.stack.DevStack} starts and stops
 * them together; the dev command, the demo, the benchmarks and the integration tests all run on it. It
 * knows nothing of the demo or the command line.
 */
package io.seqgate.devstack.stack;
