package io.seqgate.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** An answer of the HTTP API: status, body and its type, extra headers; written as JSON unless it says otherwise. */
record Answer(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper JSON = new ObjectMapper();

    static Answer json(int status, Object body) {
        return new Answer(status, JSON_TYPE, jsonBytes(body, "cannot write the answer as JSON"), new LinkedHashMap<>());
    }

    static Answer error(int status, String message) {
        return json(status, errorBody(status, message));
    }

    /** The body of every error the API answers, its own or Jetty's. */
    static Map<String, Object> errorBody(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        return body;
    }

    static byte[] jsonBytes(Object body, String failure) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(failure, e);
        }
    }

    Answer with(String header, String value) {
        headers.put(header, value);
        return this;
    }

    void send(Response response, Callback callback) {
        response.setStatus(status);
        HttpFields.Mutable fields = response.getHeaders();
        fields.put(HttpHeader.CONTENT_TYPE, contentType);
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        fields.put(HttpHeader.CONTENT_LENGTH, body.length);
        headers.forEach(fields::put);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
