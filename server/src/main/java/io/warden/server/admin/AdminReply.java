package io.warden.server.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/** One answer of the admin endpoint: status, media type and body. */
record AdminReply(HttpResponseStatus status, String contentType, byte[] body) {
  private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
  private static final String JSON_TYPE = "application/json; charset=utf-8";

  /** {@code value} (a record) as a JSON object, with null fields left out. */
  static AdminReply json(HttpResponseStatus status, Object value) {
    try {
      return new AdminReply(status, JSON_TYPE, JSON.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** A one-line error object: {@code {"error": message}}. */
  static AdminReply error(HttpResponseStatus status, String message) {
    return json(status, new ErrorBody(message));
  }

  static AdminReply text(HttpResponseStatus status, String contentType, byte[] body) {
    return new AdminReply(status, contentType, body);
  }

  /** The body as text, for logs and tests. */
  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  private record ErrorBody(String error) {}
}
