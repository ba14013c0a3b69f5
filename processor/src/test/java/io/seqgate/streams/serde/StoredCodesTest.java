package io.seqgate.streams.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StoredCodesTest {

    private enum Colour {
        RED,
        GREEN,
        BLUE
    }

    @Test
    void eachConstantReadsBackFromItsCode() {
        StoredCodes<Colour> codes = new StoredCodes<>("colour", Colour.class, c -> switch (c) {
            case RED -> 7;
            case GREEN -> 0;
            case BLUE -> 127;
        });

        for (Colour colour : Colour.values()) {
            assertThat(codes.of(codes.code(colour))).isEqualTo(colour);
        }
        assertThat(codes.code(Colour.RED)).isEqualTo(7);
    }

    @Test
    void twoConstantsOfOneCodeAreRefused() {
        assertThatThrownBy(() -> new StoredCodes<>("colour", Colour.class, c -> c == Colour.BLUE ? 1 : 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("colours RED and GREEN share the code 2");
    }

    @Test
    void aCodeThatIsNotAPositiveByteIsRefused() {
        assertThatThrownBy(() -> new StoredCodes<>("colour", Colour.class, c -> c.ordinal() * 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("colour BLUE: code 200 is not from 0 to 127");
    }

    @Test
    void aCodeNoConstantHasIsRefusedNamingIt() {
        StoredCodes<Colour> codes = new StoredCodes<>("colour", Colour.class, Colour::ordinal);

        assertThatThrownBy(() -> codes.of(3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown colour code 3");
    }
}
