package io.seqgate.reconcile;

/**
 * How far a pass got, so that a pass interrupted by a crash or a rebalance goes on where it stopped
 * instead of starting over. A pass calls it from several listers at once.
 */
public interface Checkpoint {

    /** No checkpoint: every pass starts from the beginning (the one-shot command). */
    Checkpoint NONE = new Checkpoint() {
        @Override
        public boolean isDone(String unit) {
            return false;
        }

        @Override
        public String resumeAfter(String unit) {
            return null;
        }

        @Override
        public void unitProgress(String unit, String lastKey) {}

        @Override
        public void unitDone(String unit) {}
    };

    /** Whether an earlier run of this pass finished {@code unit}. */
    boolean isDone(String unit);

    /** The last key of {@code unit} whose records an earlier run of this pass wrote, or null. */
    String resumeAfter(String unit);

    /** Every object of {@code unit} up to {@code lastKey} is compared and its record written. */
    void unitProgress(String unit, String lastKey);

    /** {@code unit} is finished. */
    void unitDone(String unit);
}
