package io.seqgate.config;

import io.seqgate.event.Location;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** How the rows of {@link Settings} read and check their values: each parser says what it expected. */
final class SettingValues {

    private SettingValues() {}

    static String hostName(Map<String, String> env) {
        String host = env.get("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "seqgate-" + ProcessHandle.current().pid();
        }
    }

    static boolean positive(Duration d) {
        return !d.isZero() && !d.isNegative();
    }

    /** The token itself is never repeated in a message. */
    static boolean longSecret(String secret) {
        return secret.length() >= 16 && secret.chars().noneMatch(Character::isWhitespace);
    }

    static boolean onOff(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "1", "yes" -> true;
            case "off", "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("expected on or off, got '" + value + "'");
        };
    }

    static boolean bool(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "1", "yes" -> true;
            case "false", "off", "0", "no" -> false;
            default -> throw new IllegalArgumentException("expected true or false, got '" + value + "'");
        };
    }

    static List<Location> locations(String value) {
        return Arrays.stream(value.split(",", -1))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Location::parse)
                .toList();
    }

    static URI uri(String value) {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "expected an absolute URL like http://localhost:9000, got '" + value + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + e.getMessage());
        }
    }

    static int httpPort(String value) {
        if (value.equalsIgnoreCase("off")) {
            return HttpSettings.OFF;
        }
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a port (0 for any free port) or 'off', got '" + value + "'");
    }

    /** A whole number from 1 to {@code max}. */
    static int count(String value, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a whole number from 1 to " + max + ", got '" + value + "'");
    }

    /** {@code host:port}, as Kafka Streams' {@code application.server} wants it. */
    static String hostAndPort(String value) {
        int colon = value.lastIndexOf(':');
        try {
            int port = colon > 0 ? Integer.parseInt(value.substring(colon + 1)) : -1;
            if (port > 0 && port <= 65535) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "expected host:port that the other instances can reach, got '" + value + "'");
    }

    /** {@code off}, or a positive duration. */
    static Optional<Duration> offOrDuration(String value) {
        return value.equalsIgnoreCase("off") ? Optional.empty() : Optional.of(SeqgateConfig.duration(value));
    }

    /** Objects per second, 0 or more; 0 for no limit. */
    static double rate(String value) {
        try {
            double rate = Double.parseDouble(value);
            if (rate >= 0 && !Double.isInfinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected objects per second (0 for no limit), got '" + value + "'");
    }
}
