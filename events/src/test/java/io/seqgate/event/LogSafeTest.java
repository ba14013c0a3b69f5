package io.seqgate.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void aNewlineInAKeyCannotStartAForgedLogLine() {
        String key = "a.png\n2026-12-02 00:00:00 INFO  forged line\r";
        assertThat(LogSafe.of(key))
                .doesNotContain("\n", "\r")
                .isEqualTo("a.png\\n2026-12-02 00:00:00 INFO  forged line\\r");
    }

    @Test
    void otherControlCharactersSeparatorsAndBidiOverridesAreEscaped() {
        assertThat(LogSafe.of("a\u0000b\u001bc\u2028d\u202ee\\")).isEqualTo("a\\u0000b\\u001bc\\u2028d\\u202ee\\\\");
    }

    @Test
    void aLongKeyIsCutAndSaysHowLongItWas() {
        String safe = LogSafe.of("k".repeat(380_000));
        assertThat(safe).startsWith("k".repeat(LogSafe.MAX_CHARS)).endsWith("…(380000 chars)");
        assertThat(safe.length()).isLessThan(LogSafe.MAX_CHARS + 20);
    }

    @Test
    void ordinaryKeysAreUnchanged() {
        assertThat(LogSafe.of("photos/2024/cat 1 ü 日本.jpg")).isEqualTo("photos/2024/cat 1 ü 日本.jpg");
    }
}
