package io.warden.client;

import io.warden.protocol.client.ErrorCode;

/**
 * The cluster rejected a request argument (an empty or oversize name, a TTL out of range, ...).
 * Nothing was done; fix the argument before retrying. The cluster answered {@link
 * ErrorCode#INVALID_ARGUMENT}.
 */
public class InvalidArgumentException extends WardenException {

  /**
   * @param message the server's explanation of what was wrong
   */
  public InvalidArgumentException(String message) {
    super(ErrorCode.INVALID_ARGUMENT, message);
  }
}
