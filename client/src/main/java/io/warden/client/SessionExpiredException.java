package io.warden.client;

import io.warden.protocol.client.ErrorCode;

/**
 * The session ended: its local lease deadline passed, the cluster reported it gone, or the
 * application closed it. Whatever it held is lost (the cluster releases it), and a lock acquire
 * that was waiting on it has been abandoned. Create a new session and start again.
 *
 * <p>{@link UnknownSessionException} is the special case where the cluster itself answered that it
 * no longer knows the session; catch this class to handle every way a session can end.
 */
public class SessionExpiredException extends WardenException {

  /**
   * A session that ended on the client's side ({@link ErrorCode#ERROR_CODE_UNSPECIFIED}).
   *
   * @param message which session, what was under way, and what to do
   */
  public SessionExpiredException(String message) {
    this(ErrorCode.ERROR_CODE_UNSPECIFIED, message);
  }

  /**
   * @param code the protocol error code the cluster answered, or {@link
   *     ErrorCode#ERROR_CODE_UNSPECIFIED}
   * @param message which session, what was under way, and what to do
   */
  protected SessionExpiredException(ErrorCode code, String message) {
    super(code, message);
  }
}
