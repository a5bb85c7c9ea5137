package io.warden.client;

import io.warden.protocol.client.ErrorCode;

/**
 * A cluster limit was reached (too many sessions, locks, waiters, ...). Nothing was done; release
 * something or raise the server limit. The cluster answered {@link ErrorCode#LIMIT_EXCEEDED}.
 */
public class LimitExceededException extends WardenException {

  /**
   * @param message the server's explanation of what was wrong
   */
  public LimitExceededException(String message) {
    super(ErrorCode.LIMIT_EXCEEDED, message);
  }
}
