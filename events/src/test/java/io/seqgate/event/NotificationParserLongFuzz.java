package io.seqgate.event;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The long fuzzing run of {@link NotificationParser}, on demand only: its name matches neither the
 * unit-test nor the integration-test pattern, so it runs when named (docs/reliability.md):
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -B -ntp -pl events test -Dtest=NotificationParserLongFuzz
 * </pre>
 *
 * A finding is written as a file under {@code src/test/resources/io/seqgate/event/} and fails the run;
 * copy it to the {@code NotificationParserJazzerTestInputs} directory there (and to the bad-input corpus
 * when it is a new kind of bad message) so that every build replays it.
 */
class NotificationParserLongFuzz {

    @FuzzTest(maxDuration = "30m")
    void parseThrowsOnlyInvalidNotification(byte[] message) {
        ParserFuzzTarget.check(message);
    }
}
