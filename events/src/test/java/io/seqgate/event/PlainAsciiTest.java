package io.seqgate.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The check that lets a message skip UTF-8 decoding looks at every byte, eight at a time and the rest. */
class PlainAsciiTest {

    @Test
    void findsOneNonAsciiOrNulByteAtAnyPlaceOfAnyLength() {
        for (int length = 0; length <= 40; length++) {
            byte[] ascii = new byte[length];
            Arrays.fill(ascii, (byte) 'a');
            assertThat(NotificationParser.isPlainAscii(ascii))
                    .as("length %d", length)
                    .isTrue();
            for (int at = 0; at < length; at++) {
                for (int bad : new int[] {0x00, 0x80, 0xC3, 0xFF}) {
                    byte[] message = ascii.clone();
                    message[at] = (byte) bad;
                    assertThat(NotificationParser.isPlainAscii(message))
                            .as("byte 0x%02X at %d of %d", bad, at, length)
                            .isFalse();
                }
            }
        }
    }

    @Test
    void takesEveryAsciiByteFromOneTo127() {
        byte[] all = new byte[127];
        for (int b = 1; b <= 127; b++) {
            all[b - 1] = (byte) b;
        }
        assertThat(NotificationParser.isPlainAscii(all)).isTrue();
    }
}
