package io.seqgate.query;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the HTTP API asks of the application's state; {@link StateQueries} answers for a running
 * instance. Each method may throw {@link StateUnavailableException} (a 503).
 */
public interface Queries extends AutoCloseable {

    /** @see StateQueries#object */
    Optional<ObjectView> object(String bucket, String key, boolean forwarded);

    /** @see StateQueries#list */
    ObjectPage list(String bucket, String prefix, String after, int limit, Optional<Set<Integer>> only);

    /** @see StateQueries#instances */
    List<InstanceView> instances(boolean forwarded);

    /** Whether {@code address} is an address of an instance Streams names (not necessarily this one). */
    boolean isPeer(InetAddress address);

    /** Stops the client other instances are asked with. */
    @Override
    void close();
}
