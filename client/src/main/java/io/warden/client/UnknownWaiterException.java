package io.warden.client;

import io.warden.protocol.client.ErrorCode;

/**
 * A cancel named a lock waiter that is not queued (it was granted or already removed). The cluster
 * answered {@link ErrorCode#UNKNOWN_WAITER}.
 */
public class UnknownWaiterException extends WardenException {

  /**
   * @param message the server's explanation of what was wrong
   */
  public UnknownWaiterException(String message) {
    super(ErrorCode.UNKNOWN_WAITER, message);
  }
}
