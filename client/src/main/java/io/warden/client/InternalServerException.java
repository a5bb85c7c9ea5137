package io.warden.client;

import io.warden.protocol.client.ErrorCode;

/**
 * The server hit a bug while handling the request. The message says what; report it with the server
 * log. The cluster answered {@link ErrorCode#INTERNAL}.
 */
public class InternalServerException extends WardenException {

  /**
   * @param message the server's explanation of what was wrong
   */
  public InternalServerException(String message) {
    super(ErrorCode.INTERNAL, message);
  }
}
