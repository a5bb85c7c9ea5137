package io.warden.client;

import io.warden.protocol.client.ErrorCode;
import java.util.Objects;

/**
 * Base of every exception the Warden client throws.
 *
 * <p>Unchecked, like the exceptions of most coordination clients, because callers usually let them
 * propagate; catch a subclass to react to one condition. {@link #code()} is the protocol error code
 * the cluster answered with, or {@link ErrorCode#ERROR_CODE_UNSPECIFIED} when the failure arose in
 * the client itself (for example the cluster could not be reached at all).
 */
public class WardenException extends RuntimeException {

  private final ErrorCode code;

  /**
   * @param code the protocol error code, {@link ErrorCode#ERROR_CODE_UNSPECIFIED} for client-side
   *     failures
   * @param message for people: what happened and what to do
   */
  public WardenException(ErrorCode code, String message) {
    this(code, message, null);
  }

  /**
   * @param code the protocol error code, {@link ErrorCode#ERROR_CODE_UNSPECIFIED} for client-side
   *     failures
   * @param message for people: what happened and what to do
   * @param cause the underlying failure, or {@code null}
   */
  public WardenException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The protocol error code behind this exception. */
  public ErrorCode code() {
    return code;
  }
}
