package io.seqgate.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SequencersTest {

    @Test
    void equalSequencersCompareEqual() {
        assertThat(Sequencers.compare("0055AED6DCD90281E5", "0055AED6DCD90281E5"))
                .isZero();
    }

    // Right-padding with zeros is the AWS rule, so a trailing zero adds nothing: "…E5" and "…E50"
    // are the same event. (S3 does not send such pairs for one key; the test pins the rule down.)
    @Test
    void trailingZeroDoesNotMakeASequencerLater() {
        assertThat(Sequencers.compare("0055AED6DCD90281E5", "0055AED6DCD90281E50"))
                .isZero();
        assertThat(Sequencers.compare("AB", "AB000")).isZero();
    }

    @Test
    void greaterLastDigitIsLater() {
        assertThat(Sequencers.compare("0055AED6DCD90281E5", "0055AED6DCD90281E6"))
                .isNegative();
        assertThat(Sequencers.compare("0055AED6DCD90281E6", "0055AED6DCD90281E5"))
                .isPositive();
    }

    @Test
    void longerSequencerWithSamePrefixIsLater() {
        assertThat(Sequencers.compare("0055AED6DCD90281E5", "0055AED6DCD90281E501"))
                .isNegative();
    }

    // Padding on the right, not numeric comparison: "1" becomes "10000", which is greater than "0FFFF".
    @Test
    void shorterSequencerIsPaddedOnTheRightNotComparedAsANumber() {
        assertThat(Sequencers.compare("1", "0FFFF")).isPositive();
    }

    @Test
    void ignoresCase() {
        assertThat(Sequencers.compare("00ab", "00AB")).isZero();
    }

    // A case-sensitive comparison would put every lower-case digit after every upper-case one.
    @Test
    void comparesMixedCaseByHexValue() {
        assertThat(Sequencers.compare("00ab", "00AC")).isNegative();
        assertThat(Sequencers.compare("00AC", "00ab")).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0055AED6DCD90281E5", "00617f08299329d189", "aBcDeF0123456789"})
    void acceptsHexOfEitherCaseAsValid(String sequencer) {
        assertThat(Sequencers.isValid(sequencer)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "0055AED6DCD90281E5 ", "0x55", "00G1", "-1", "\u0663", "\uFF21"})
    void rejectsNullBlankAndNonHexAsInvalid(String sequencer) {
        assertThat(Sequencers.isValid(sequencer)).isFalse();
    }

    @Property
    void compareAgreesWithHexValueOfRightPaddedStrings(@ForAll("sequencers") String a, @ForAll("sequencers") String b) {
        int length = Math.max(a.length(), b.length());
        BigInteger valueA = new BigInteger(rightPad(a, length), 16);
        BigInteger valueB = new BigInteger(rightPad(b, length), 16);

        assertThat(Integer.signum(Sequencers.compare(a, b))).isEqualTo(valueA.compareTo(valueB));
    }

    @Property
    void compareIsAntisymmetric(@ForAll("sequencers") String a, @ForAll("sequencers") String b) {
        assertThat(Integer.signum(Sequencers.compare(a, b))).isEqualTo(-Integer.signum(Sequencers.compare(b, a)));
    }

    @Property
    void compareIsTransitive(
            @ForAll("sequencers") String a, @ForAll("sequencers") String b, @ForAll("sequencers") String c) {
        if (Sequencers.compare(a, b) <= 0 && Sequencers.compare(b, c) <= 0) {
            assertThat(Sequencers.compare(a, c)).isNotPositive();
        }
    }

    // Short strings over a small alphabet, so that equal prefixes, trailing zeros and case
    // differences come up often; long ones as real sequencers are.
    @Provide
    Arbitrary<String> sequencers() {
        Arbitrary<String> tricky =
                Arbitraries.strings().withChars("00aA1fF").ofMinLength(1).ofMaxLength(5);
        Arbitrary<String> realistic = Arbitraries.strings()
                .withChars("0123456789abcdefABCDEF")
                .ofMinLength(1)
                .ofMaxLength(24);
        return Arbitraries.oneOf(tricky, realistic);
    }

    private static String rightPad(String hex, int length) {
        return hex + "0".repeat(length - hex.length());
    }
}
