package io.seqgate.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTimesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2023-11-14T22:13:20.000Z",
                "2023-11-14T22:13:20Z",
                "2024-02-29T23:59:59.999Z",
                "1970-01-01T00:00:00.000Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999Z",
                "1969-12-31T23:59:59.001Z"
            })
    void readsTheFormOfS3AndMinioItselfAndAgreesWithInstantParse(String text) {
        assertThat(EventTimes.parseUtcMillis(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2023-11-14T22:13:20.5Z",
                "2023-11-14T22:13:20.123456Z",
                "2023-11-14T22:13:20+01:00",
                "2016-12-31T23:59:60Z",
                "2023-02-29T00:00:00Z",
                "2023-11-14t22:13:20Z",
                "2023-11-14T24:00:00Z",
                "+2023-11-14T22:13:20Z",
                "2023-13-14T22:13:20.000Z",
                "2023-11-14T22:13:20.000z"
            })
    void leavesEveryOtherFormToInstantParse(String text) {
        assertThat(EventTimes.parseUtcMillis(text)).isNull();
        assertThat(outcome(text)).isEqualTo(instantParseOutcome(text));
    }

    /** Valid times of both lengths with up to three characters replaced by digits, signs or letters. */
    @Test
    void agreesWithInstantParseOnMutatedTimes() {
        Random random = new Random(20261202);
        String alphabet = "0123456789-:.TZ+ ";
        int readDirectly = 0;
        for (int n = 0; n < 20_000; n++) {
            String text = Instant.ofEpochMilli(random.nextLong(-62_000_000_000_000L, 253_000_000_000_000L))
                    .toString();
            text = random.nextBoolean() ? text.substring(0, 19) + "Z" : text.substring(0, 19) + ".123Z";
            char[] chars = text.toCharArray();
            for (int changes = random.nextInt(4); changes > 0; changes--) {
                chars[random.nextInt(chars.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String mutated = new String(chars);
            assertThat(outcome(mutated)).as(mutated).isEqualTo(instantParseOutcome(mutated));
            if (EventTimes.parseUtcMillis(mutated) != null) {
                readDirectly++;
            }
        }
        // Both paths were exercised: the direct one for most, Instant.parse for the rest.
        assertThat(readDirectly).isBetween(5_000, 19_000);
    }

    private static String outcome(String text) {
        try {
            return EventTimes.parse(text).toString();
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }

    private static String instantParseOutcome(String text) {
        try {
            return Instant.parse(text).toString();
        } catch (DateTimeParseException e) {
            return "refused";
        }
    }
}
