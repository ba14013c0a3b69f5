package io.seqgate.query;

import java.util.List;

/**
 * One page of {@code GET /objects?bucket=…&prefix=…}: objects in key order (UTF-8 byte order, as the
 * store keeps them).
 *
 * @param objects the objects of this page
 * @param next    the {@code after} value for the next page, or null when this is the last
 * @param stale   true when some partition was listed from a standby replica
 */
public record ObjectPage(List<ObjectView> objects, String next, boolean stale) {

    public ObjectPage {
        objects = List.copyOf(objects);
    }
}
