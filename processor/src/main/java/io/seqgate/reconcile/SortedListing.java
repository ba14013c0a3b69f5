package io.seqgate.reconcile;

import java.util.List;

/**
 * The current objects of one bucket in {@link KeyOrder}, a page at a time: what a pass joins with the
 * output listing. Either S3 lists them ({@link BucketListing}) or an S3 Inventory report does
 * ({@link InventoryListing}).
 */
interface SortedListing {

    /**
     * One page of a listing, and where the next one starts (null after the last): the last key, from
     * which a listing can resume, or with a delimiter S3's continuation token.
     */
    record Page(List<ListedObject> objects, List<String> commonPrefixes, String nextStart) {}

    /** The pages of one listing, in key order; closing gives back what it holds (files, for an inventory). */
    interface Pages extends AutoCloseable {

        boolean hasNext();

        Page next() throws InterruptedException;

        @Override
        void close();
    }

    /**
     * The objects whose keys start with {@code prefix} and sort after {@code startAfter} (null: from
     * the first), in key order.
     *
     * @param directOnly only the objects directly under {@code prefix} (delimiter {@code /}); the
     *                   keys with a further {@code /} come back as common prefixes instead. Only a
     *                   listing that {@link #listsFolders() lists folders} takes it.
     */
    Pages pages(String prefix, String startAfter, boolean directOnly) throws InterruptedException;

    /**
     * Whether {@link #pages} can list a folder's direct objects and name its subfolders, so that a pass
     * can split a location into folders listed at once.
     */
    boolean listsFolders();
}
