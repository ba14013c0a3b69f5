package io.seqgate.reconcile;

import java.util.function.Supplier;

/**
 * Makes one S3 call of a reconcile pass, retrying transient errors within the retry budget
 * ({@code SEQGATE_S3_RETRY_BUDGET}) and reporting what is left as an exception naming the call.
 */
interface Calls {

    <T> T run(String operation, String target, Supplier<T> call) throws InterruptedException;
}
