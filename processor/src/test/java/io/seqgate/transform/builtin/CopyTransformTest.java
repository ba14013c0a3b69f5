package io.seqgate.transform.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.seqgate.transform.TransformOutput;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CopyTransformTest {

    private final CopyTransform copy = new CopyTransform();

    @Test
    void aTextFileIsCopiedByteForByteWithItsContentType() {
        byte[] text = "line one\nline two ✓\n".getBytes(StandardCharsets.UTF_8);

        TransformOutput output = copy.apply(TestInputs.of(text, "text/plain; charset=utf-8"));

        assertThat(output.bytes()).isEqualTo(text);
        assertThat(output.contentType()).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void anyBytesAreCopiedWhateverTheyAre() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }

        assertThat(copy.apply(TestInputs.of(binary, "application/x-tar")).bytes())
                .isEqualTo(binary);
    }

    @Test
    void anInputWithoutAContentTypeIsCopiedAsOctetStream() {
        assertThat(copy.apply(TestInputs.of(new byte[] {1, 2}, null)).contentType())
                .isEqualTo("application/octet-stream");
    }

    @Test
    void aContentTypeAHeaderCannotCarryBecomesOctetStream() {
        assertThat(copy.apply(TestInputs.of(new byte[] {1}, "text/plain\r\nX-Evil: 1"))
                        .contentType())
                .isEqualTo("application/octet-stream");
    }

    @Test
    void anEmptyInputGivesAnEmptyOutput() {
        assertThat(copy.apply(TestInputs.of(new byte[0], "text/plain")).bytes()).isEmpty();
    }
}
