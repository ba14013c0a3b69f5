package io.seqgate.sink;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded set of keys that forgets the least recently used first; safe for concurrent use. The
 * sink keeps what it merely remembers here: losing an entry may cost a call or a repeated log line,
 * never a wrong decision.
 */
final class RecentKeys {

    private final Map<String, Boolean> keys;

    RecentKeys(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.keys = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** @return true when the key was not there yet */
    synchronized boolean add(String key) {
        return keys.put(key, Boolean.TRUE) == null;
    }

    synchronized boolean contains(String key) {
        return keys.get(key) != null;
    }

    synchronized void remove(String key) {
        keys.remove(key);
    }
}
