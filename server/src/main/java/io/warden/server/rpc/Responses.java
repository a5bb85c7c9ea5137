package io.warden.server.rpc;

import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.Error;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.Response;
import io.warden.server.lease.LeadershipLostException;
import io.warden.server.raft.RaftNode;
import io.warden.server.raft.RaftOperationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Builds {@link Response}s. */
public final class Responses {
  private Responses() {}

  public static Response error(long requestId, ErrorCode code, String message) {
    return Response.newBuilder().setRequestId(requestId)
        .setError(Error.newBuilder().setCode(code).setMessage(message)).build();
  }

  /**
   * The error response for a failed operation: a {@link RaftOperationException}'s own error (with
   * the leader hint of a NOT_LEADER), anything else as INTERNAL.
   */
  public static Response failure(long requestId, Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof RaftOperationException operation) {
      return Response.newBuilder().setRequestId(requestId).setError(operation.toError()).build();
    }
    return error(requestId, ErrorCode.INTERNAL, "the request failed: " + cause);
  }

  /**
   * For a request that needed confirmed leadership: NOT_LEADER (or NO_LEADER) when the
   * confirmation failed, so the client goes to the leader; any other failure propagates.
   */
  public static Response notLeaderIfLeadershipLost(long requestId, Throwable failure, RaftNode raft) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof LeadershipLostException) {
      return of(requestId, raft.notLeaderResult());
    }
    throw new CompletionException(cause);
  }

  /** The response carrying what applying a command produced. */
  public static Response of(long requestId, CommandResult result) {
    Response.Builder response = Response.newBuilder().setRequestId(requestId);
    switch (result.getBodyCase()) {
      case ERROR -> response.setError(result.getError());
      case CREATE_SESSION -> response.setCreateSession(result.getCreateSession());
      case CLOSE_SESSION -> response.setCloseSession(result.getCloseSession());
      case ACQUIRE -> response.setAcquire(result.getAcquire());
      case RELEASE -> response.setRelease(result.getRelease());
      case CANCEL -> response.setCancel(result.getCancel());
      case JOIN -> response.setJoin(result.getJoin());
      case LEAVE -> response.setLeave(result.getLeave());
      case RELEASE_PARTITION -> response.setReleasePartition(result.getReleasePartition());
      case NONE, BODY_NOT_SET -> response.setError(Error.newBuilder().setCode(ErrorCode.INTERNAL)
          .setMessage("the command produced no reply"));
    }
    return response.build();
  }
}
