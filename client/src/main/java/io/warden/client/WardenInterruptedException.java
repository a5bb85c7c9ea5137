package io.warden.client;

import io.warden.protocol.client.ErrorCode;

/**
 * The calling thread was interrupted while it waited for the cluster. The thread's interrupt flag
 * is set again before this is thrown. If the request was a write, its outcome is unknown.
 */
public class WardenInterruptedException extends WardenException {

  /**
   * @param message what was being waited for
   * @param cause the {@link InterruptedException}
   */
  public WardenInterruptedException(String message, InterruptedException cause) {
    super(ErrorCode.ERROR_CODE_UNSPECIFIED, message, cause);
  }
}
