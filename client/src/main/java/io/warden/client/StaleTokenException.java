package io.warden.client;

import io.warden.protocol.client.ErrorCode;

/**
 * A fencing token is not a current grant of that session on that lock: the grant was released or
 * lost with its session, and somebody else may hold the lock now. Stop acting on the lock. The
 * cluster answered {@link ErrorCode#STALE_TOKEN}.
 */
public class StaleTokenException extends WardenException {

  /**
   * @param message the server's explanation of what was wrong
   */
  public StaleTokenException(String message) {
    super(ErrorCode.STALE_TOKEN, message);
  }
}
