package io.seqgate.cli;

import io.seqgate.config.SeqgateConfig;
import io.seqgate.sink.ObjectSink;
import java.time.Duration;

final class Sinks {
    record Built(ObjectSink sink, Duration worstCase) {}
    static Built fromConfig(SeqgateConfig config) {
        throw new UnsupportedOperationException("TODO");
    }
}
