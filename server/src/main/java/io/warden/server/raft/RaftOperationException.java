package io.warden.server.raft;

import io.warden.protocol.client.Error;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.LeaderHint;

/**
 * An operation on the Raft group (snapshot, leader transfer, membership change) was refused or
 * did not complete. Carries the protocol error it is answered with, and where the leader is when
 * the code is NOT_LEADER.
 */
public final class RaftOperationException extends RuntimeException {
  private final ErrorCode code;
  private final transient LeaderHint leaderHint;

  public RaftOperationException(ErrorCode code, String message) {
    this(code, message, null);
  }

  RaftOperationException(ErrorCode code, String message, LeaderHint leaderHint) {
    super(message);
    this.code = code;
    this.leaderHint = leaderHint;
  }

  /** From a protocol error (e.g. NOT_LEADER with its hint). */
  static RaftOperationException of(Error error) {
    return new RaftOperationException(error.getCode(), error.getMessage(),
        error.hasLeaderHint() ? error.getLeaderHint() : null);
  }

  public ErrorCode code() {
    return code;
  }

  /** The protocol error this becomes. */
  public Error toError() {
    Error.Builder error = Error.newBuilder().setCode(code).setMessage(getMessage());
    if (leaderHint != null) {
      error.setLeaderHint(leaderHint);
    }
    return error.build();
  }
}
