package io.warden.client;

import io.warden.protocol.client.ErrorCode;

/**
 * A request's deadline ({@code requestTimeout}) passed before any leader answered it: the cluster
 * was unreachable or leaderless for that long. If the request was a write, its outcome is unknown:
 * it may have been applied. Retrying a session or lock operation with a fresh call is the usual
 * response once the cluster is healthy again.
 */
public class WardenTimeoutException extends WardenUnavailableException {

  /**
   * @param code the last transient server error, or {@link ErrorCode#ERROR_CODE_UNSPECIFIED}
   * @param message how long was waited, for what, and the last problem seen
   * @param cause the last connection failure, or {@code null}
   */
  public WardenTimeoutException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
