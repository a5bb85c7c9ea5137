package io.warden.client;

import io.warden.protocol.client.ErrorCode;

/**
 * The cluster does not know the session: it expired, was closed, or never existed. The session is
 * gone for good (and the client marks it {@link SessionState#EXPIRED}); whatever it held has been
 * released. Create a new session. The cluster answered {@link ErrorCode#UNKNOWN_SESSION}.
 */
public class UnknownSessionException extends SessionExpiredException {

  /**
   * @param message the server's explanation of what was wrong
   */
  public UnknownSessionException(String message) {
    super(ErrorCode.UNKNOWN_SESSION, message);
  }
}
