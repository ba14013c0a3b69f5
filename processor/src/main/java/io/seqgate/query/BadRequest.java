package io.seqgate.query;

/** A request the HTTP API cannot make sense of: 400 with the message. */
final class BadRequest extends RuntimeException {

    BadRequest(String message) {
        super(message, null, false, false);
    }
}
