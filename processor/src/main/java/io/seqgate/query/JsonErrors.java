package io.seqgate.query;

import io.seqgate.event.LogSafe;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself — a request it cannot parse (400), a header or request line over
 * the limit (431, 414), a failure outside the API — in the API's JSON shape, never HTML.
 */
final class JsonErrors extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() > 0 ? response.getStatus() : 500;
        Object message = request.getAttribute(ERROR_MESSAGE);
        Answer.error(status, message == null ? HttpStatus.getMessage(status) : LogSafe.of(message.toString()))
                .send(response, callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Answer.JSON_TYPE);
        return ByteBuffer.wrap(Answer.jsonBytes(
                Answer.errorBody(status, reason == null ? HttpStatus.getMessage(status) : LogSafe.of(reason)),
                "cannot write an error as JSON"));
    }
}
