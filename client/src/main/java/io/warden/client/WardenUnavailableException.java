package io.warden.client;

import io.warden.protocol.client.ErrorCode;

/**
 * The cluster, or the one server asked, could not be reached or had no leader, or the client was
 * closed while the request was in flight. {@link #code()} is the last transient error a server
 * answered ({@link ErrorCode#NO_LEADER}, {@link ErrorCode#NOT_LEADER} or {@link
 * ErrorCode#UNKNOWN_OUTCOME}), or {@link ErrorCode#ERROR_CODE_UNSPECIFIED} when no server answered
 * at all. A write that fails this way may or may not have been applied.
 */
public class WardenUnavailableException extends WardenException {

  /**
   * @param code the last transient server error, or {@link ErrorCode#ERROR_CODE_UNSPECIFIED}
   * @param message what could not be reached and what to check
   * @param cause the last connection failure, or {@code null}
   */
  public WardenUnavailableException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }

  /**
   * @param message what could not be reached and what to check
   */
  public WardenUnavailableException(String message) {
    this(ErrorCode.ERROR_CODE_UNSPECIFIED, message, null);
  }
}
