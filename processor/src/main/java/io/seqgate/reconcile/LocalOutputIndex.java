package io.seqgate.reconcile;

import io.seqgate.query.ObjectPage;
import io.seqgate.query.ObjectView;
import io.seqgate.query.Queries;
import io.seqgate.query.StateUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@link OutputIndex} of the application this instance belongs to, read through its state queries
 * (which ask the other instances for their partitions): what the periodic reconciler uses.
 */
public final class LocalOutputIndex implements OutputIndex {

    private final Queries queries;

    public LocalOutputIndex(Queries queries) {
        this.queries = queries;
    }

    @Override
    public Page page(String bucket, String prefix, String after, int limit) {
        ObjectPage page;
        try {
            page = queries.list(bucket, prefix, after, limit, Optional.empty());
        } catch (StateUnavailableException e) {
            throw new IndexUnavailableException(e.getMessage(), e);
        }
        List<Entry> entries = new ArrayList<>(page.objects().size());
        for (ObjectView view : page.objects()) {
            entries.add(new Entry(
                    view.key(), view.output() == null ? null : view.output().record()));
        }
        return new Page(entries, page.next());
    }
}
