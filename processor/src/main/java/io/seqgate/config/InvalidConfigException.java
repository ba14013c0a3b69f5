package io.seqgate.config;

import java.util.List;

/** The configuration cannot be used; the message names every offending setting. */
public class InvalidConfigException extends RuntimeException {

    public InvalidConfigException(List<String> problems) {
        super("invalid configuration:\n  - " + String.join("\n  - ", problems));
    }
}
