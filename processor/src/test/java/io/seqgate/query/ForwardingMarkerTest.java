package io.seqgate.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForwardingMarkerTest {

    private final ForwardingMarker marker = new ForwardingMarker(Optional.of("0123456789abcdef-secret"));
    private final Instant now = Instant.parse("2026-12-02T00:00:00Z");

    @Test
    void aMarkerIsValidForItsPathWithinItsAge() {
        String value = marker.value("host:1", "GET", "/objects/b/k?x=1", now);
        assertThat(marker.invalid(value, "GET", "/objects/b/k?x=1", now.plus(ForwardingMarker.MAX_AGE)))
                .isEmpty();
    }

    @Test
    void anExpiredMarkerIsRefused() {
        String value = marker.value("host:1", "GET", "/instances", now);
        assertThat(marker.invalid(
                        value,
                        "GET",
                        "/instances",
                        now.plus(ForwardingMarker.MAX_AGE).plusSeconds(1)))
                .hasValueSatisfying(reason -> assertThat(reason).contains("expired"));
    }

    @Test
    void aMarkerWithAnotherSenderOrQueryIsRefused() {
        String value = marker.value("host:1", "GET", "/objects?bucket=b", now);
        assertThat(marker.invalid(value.replace("host:1", "host:2"), "GET", "/objects?bucket=b", now))
                .isPresent();
        assertThat(marker.invalid(value, "GET", "/objects?bucket=b&partitions=1", now))
                .isPresent();
    }

    @Test
    void aMarkerUnderAnotherSecretOrMalformedIsRefused() {
        String other = new ForwardingMarker(Optional.of("another-secret-0123456789"))
                .value("host:1", "GET", "/instances", now);
        assertThat(marker.invalid(other, "GET", "/instances", now)).isPresent();
        assertThat(marker.invalid("host:1", "GET", "/instances", now)).isPresent();
        assertThat(marker.invalid("host:1;notanumber;%%%", "GET", "/instances", now))
                .isPresent();
    }
}
