package io.seqgate.metrics;

import io.seqgate.outcome.Decision;
import java.time.Duration;

/** {@link SeqgateMetrics#none()}. */
enum NoMetrics implements SeqgateMetrics {
    INSTANCE;

    @Override
    public void outcome(Decision decision) {}

    @Override
    public void s3Call(String operation, Duration duration) {}

    @Override
    public void transform(Duration duration) {}

    @Override
    public void endToEnd(Duration duration) {}
}
