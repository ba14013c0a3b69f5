package io.seqgate.config;

import io.seqgate.sink.S3Settings;
import java.time.Duration;
import java.util.Objects;

/**
 * How seqgate reaches S3 and how long it waits for it.
 *
 * @param connection  endpoint, region, addressing and credentials ({@code SEQGATE_S3_ENDPOINT},
 *                    {@code SEQGATE_S3_REGION}, {@code SEQGATE_S3_PATH_STYLE}, {@code SEQGATE_S3_ACCESS_KEY},
 *                    {@code SEQGATE_S3_SECRET_KEY})
 * @param callTimeout {@code SEQGATE_S3_CALL_TIMEOUT}: the longest one S3 call may take
 * @param retryBudget {@code SEQGATE_S3_RETRY_BUDGET}: how long one event may spend retrying transient errors
 */
public record S3Access(S3Settings connection, Duration callTimeout, Duration retryBudget) {

    public S3Access {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(callTimeout, "callTimeout");
        Objects.requireNonNull(retryBudget, "retryBudget");
    }
}
