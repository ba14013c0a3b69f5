package io.seqgate.event;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of {@link NotificationParser} with Jazzer. {@code ./mvnw test} replays the
 * seeds (the bad-input corpus, the valid samples and every input fuzzing has found) as regression
 * tests; {@code ./mvnw verify} also fuzzes for the duration below (failsafe, {@code JAZZER_FUZZ=1},
 * profile {@code fuzz-in-verify} in this module's pom). The long run on demand is
 * {@link NotificationParserLongFuzz}.
 */
class NotificationParserJazzerTest {

    @FuzzTest(maxDuration = "30s")
    void parseThrowsOnlyInvalidNotification(byte[] message) {
        ParserFuzzTarget.check(message);
    }
}
