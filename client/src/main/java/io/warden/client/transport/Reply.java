package io.warden.client.transport;

import io.warden.client.ProtocolMismatchException;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.Response;

/**
 * A successful answer to a request, with the moment the request first left this client.
 *
 * <p>{@code sentNanos} is what lease arithmetic needs: the server acts on a request only after it
 * arrived, so any time the client measures from the first transmission starts no later than the
 * server's own (DESIGN §5). Re-sends after a redirect or reconnect do not move it.
 *
 * @param response the server's response; never carries an {@code error}
 * @param sentNanos {@link System#nanoTime()} just before the request was first written to a
 *     connection
 */
public record Reply(Response response, long sentNanos) {

  /**
   * The response, checked to be of the kind the request asks for.
   *
   * @throws ProtocolMismatchException if the server answered with another kind (incompatible
   *     client and server versions)
   */
  public Response expect(Response.BodyCase expected) {
    if (response.getBodyCase() != expected) {
      throw new ProtocolMismatchException(ErrorCode.UNSUPPORTED, String.format(
          "the server answered %s where %s was expected; run compatible client and server versions",
          response.getBodyCase(), expected));
    }
    return response;
  }
}
