package io.seqgate.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StateQueriesMergeTest {

    private static ObjectView view(String key, boolean stale) {
        return new ObjectView("b", key, "1", null, null, null, null, null, null, 0, "h:1", stale);
    }

    private static ObjectPage page(boolean stale, String next, String... keys) {
        return new ObjectPage(
                java.util.Arrays.stream(keys).map(k -> view(k, stale)).toList(), next, stale);
    }

    @Test
    void mergedPageHoldsTheFirstKeysOfAllPagesInUtf8ByteOrderWithACursor() {
        ObjectPage merged = StateQueries.merge(
                List.of(page(false, "c", "a", "c"), page(false, null, "b", "ü"), page(false, null, "z")), 3, "b");
        assertThat(merged.objects()).extracting(ObjectView::key).containsExactly("a", "b", "c");
        assertThat(merged.next()).isEqualTo("c");
    }

    @Test
    void lastPageHasNoCursorAndSupplementaryCharactersSortAfterOthers() {
        // UTF-16 order would put U+1F600 (a surrogate pair) before U+FFFD; the store's byte order puts it after.
        ObjectPage merged =
                StateQueries.merge(List.of(page(false, null, "\uD83D\uDE00"), page(false, null, "\uFFFD")), 10, "b");
        assertThat(merged.objects()).extracting(ObjectView::key).containsExactly("\uFFFD", "\uD83D\uDE00");
        assertThat(merged.next()).isNull();
    }

    @Test
    void pageIsStaleWhenAnyPartWasListedFromAStandby() {
        assertThat(StateQueries.merge(List.of(page(false, null, "a"), page(true, null, "b")), 10, "b")
                        .stale())
                .isTrue();
    }
}
