package io.seqgate.sink;

import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the HTTP requests a client puts on the wire, by method: every attempt, retries included, as
 * the S3 server receives them. An SDK interceptor rather than a count in the blob store, because
 * S3Proxy reads the store more than once for some requests (a conditional PUT or DELETE reads the
 * object's metadata first).
 */
public final class RequestCounter implements ExecutionInterceptor {

    private final Map<String, Integer> byMethod = new TreeMap<>();
    private final Map<String, Integer> byOperation = new TreeMap<>();

    @Override
    public synchronized void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        byMethod.merge(context.httpRequest().method().name(), 1, Integer::sum);
        byOperation.merge(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1, Integer::sum);
    }

    /** Requests since the last {@link #reset()}, by S3 operation, e.g. {@code {GetObject=1, ListObjectsV2=2}}. */
    public synchronized Map<String, Integer> byOperation() {
        return Map.copyOf(byOperation);
    }

    /** Requests since the last {@link #reset()}, by HTTP method, e.g. {@code {GET=1, HEAD=2, PUT=1}}. */
    public synchronized Map<String, Integer> byMethod() {
        return Map.copyOf(byMethod);
    }

    public synchronized int total() {
        return byMethod.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized void reset() {
        byMethod.clear();
        byOperation.clear();
    }
}
