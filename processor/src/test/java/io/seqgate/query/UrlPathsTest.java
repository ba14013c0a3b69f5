package io.seqgate.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UrlPathsTest {

    @Test
    void encodedKeyDecodesToItselfWithSlashesSpacesPlusAndAnyUtf8() {
        String key = "dir/sub dir/a+b 100% ü 日本 😀?#&=.png";
        String encoded = UrlPaths.encode(key, true);
        assertThat(encoded).doesNotContain(" ", "+", "?", "#", "&", "=").contains("/");
        assertThat(UrlPaths.decodePath(encoded)).isEqualTo(key);
    }

    @Test
    void plusInAPathIsAPlusButInAQueryStringASpace() {
        assertThat(UrlPaths.decodePath("a+b")).isEqualTo("a+b");
        assertThat(UrlPaths.query("prefix=a+b%2Bc&limit=5"))
                .containsEntry("prefix", "a b+c")
                .containsEntry("limit", "5");
    }

    @Test
    void refusesBrokenEscapesAndBytesThatAreNotUtf8() {
        assertThatThrownBy(() -> UrlPaths.decodePath("bad%zz")).hasMessageContaining("percent-escape");
        assertThatThrownBy(() -> UrlPaths.decodePath("bad%4")).hasMessageContaining("percent-escape");
        assertThatThrownBy(() -> UrlPaths.decodePath("%C3%28")).hasMessageContaining("UTF-8");
    }
}
