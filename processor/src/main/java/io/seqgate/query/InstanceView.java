package io.seqgate.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * One instance of the application, as {@code GET /instances} lists it.
 *
 * @param host       its {@code application.server}
 * @param instanceId its SEQGATE_INSTANCE_ID, or null when it could not be asked
 * @param state      its Kafka Streams state, or {@code UNREACHABLE}
 * @param active     partitions whose tasks it runs
 * @param standby    partitions it keeps a standby replica of
 * @param storeLag   per local partition of {@code object-state}: changelog records not yet in the store
 *                   (0 on an active task that is caught up)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InstanceView(
        String host,
        String instanceId,
        String state,
        List<Integer> active,
        List<Integer> standby,
        Map<Integer, Long> storeLag) {

    static final String UNREACHABLE = "UNREACHABLE";
}
