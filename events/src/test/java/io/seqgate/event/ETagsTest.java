package io.seqgate.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ETagsTest {

    @Test
    void unquotedDropsTheQuotesOfAHeaderValue() {
        assertThat(ETags.unquoted("\"9b2cf535f27731c974343645a3985328\""))
                .isEqualTo("9b2cf535f27731c974343645a3985328");
    }

    @Test
    void unquotedLeavesABareTagAndNullAsTheyAre() {
        assertThat(ETags.unquoted("9b2cf535f27731c974343645a3985328")).isEqualTo("9b2cf535f27731c974343645a3985328");
        assertThat(ETags.unquoted(null)).isNull();
    }

    @Test
    void unquotedLeavesALoneQuoteAlone() {
        assertThat(ETags.unquoted("\"")).isEqualTo("\"");
    }

    @Test
    void quotedQuotesABareTagOnce() {
        assertThat(ETags.quoted("abc-2")).isEqualTo("\"abc-2\"");
        assertThat(ETags.quoted("\"abc-2\"")).isEqualTo("\"abc-2\"");
    }
}
