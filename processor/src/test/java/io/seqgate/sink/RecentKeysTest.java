package io.seqgate.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentKeysTest {

    @Test
    void addReportsWhetherTheKeyIsNew() {
        RecentKeys keys = new RecentKeys(4);

        assertThat(keys.add("a")).isTrue();
        assertThat(keys.add("a")).isFalse();
    }

    @Test
    void beyondCapacityTheLeastRecentlyUsedKeyIsForgotten() {
        RecentKeys keys = new RecentKeys(2);
        keys.add("a");
        keys.add("b");
        keys.contains("a");

        keys.add("c");

        assertThat(keys.contains("a")).isTrue();
        assertThat(keys.contains("b")).isFalse();
        assertThat(keys.contains("c")).isTrue();
    }

    @Test
    void removedKeyIsNewAgain() {
        RecentKeys keys = new RecentKeys(2);
        keys.add("a");

        keys.remove("a");

        assertThat(keys.contains("a")).isFalse();
        assertThat(keys.add("a")).isTrue();
    }
}
