package io.seqgate.streams;

/**
 * Names that must stay stable across releases: the store name fixes its changelog topic
 * ({@code <application.id>-object-state-changelog}) and processor names fix internal topic names
 * and the processor nodes interactive queries and metrics refer to. Topic names are defaults; the
 * configuration may override them.
 */
public final class Names {

    public static final String INPUT_TOPIC = "s3-events";
    public static final String OUTCOMES_TOPIC = "s3-events-outcomes";
    public static final String DLQ_TOPIC = "s3-events-dlq";

    /** The RocksDB store: {@code bucket/key} → {@link ObjectState}. */
    public static final String STATE_STORE = "object-state";

    /**
     * The RocksDB store of accepted events whose sink jobs have not ended yet: {@code bucket/key} →
     * {@link PendingWork} (asynchronous sink only).
     */
    public static final String PENDING_STORE = "pending-work";

    /** Repartition of events whose record key is not their {@code bucket/key}: {@code <app>-rekey-repartition}. */
    public static final String REKEY = "rekey";

    static final String READ_NOTIFICATIONS = "read-notifications";
    static final String PARSE = "parse-notifications";
    static final String ROUTE = "route-";
    static final String GATE = "sequencer-gate";
    static final String SINK = "reconcile-output";
    static final String KEY_ORDERED_SINK = "key-ordered-sink";
    static final String UNORDERED_SINK = "unordered-sink";
    static final String TO_OUTCOMES = "write-outcomes";
    static final String COUNT_OUTCOMES = "count-outcomes";
    static final String TO_DLQ = "write-dead-letters";

    private Names() {}
}
