package io.warden.server.raft;

import com.google.protobuf.InvalidProtocolBufferException;
import io.warden.protocol.client.BatchResult;
import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.LeaderHint;
import io.warden.statemachine.apply.Results;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.StateMachineException;

/**
 * Turns what Ratis answered to a submitted write into a {@link CommandResult}. NOT_LEADER and
 * UNKNOWN_OUTCOME both tell the client to re-send with the same request id: the state machine's
 * call record then returns the first attempt's result if that attempt did commit (RATIS.md §0.5).
 */
final class Submission {
  private Submission() {}

  static CommandResult fromReply(RaftClientReply reply, Supplier<LeaderHint> hint) {
    if (reply.isSuccess()) {
      try {
        return CommandResult.parseFrom(reply.getMessage().getContent().asReadOnlyByteBuffer());
      } catch (InvalidProtocolBufferException e) {
        return Results.error(ErrorCode.INTERNAL, "the state machine's result does not decode: " + e.getMessage());
      }
    }
    return fromException(reply.getException(), hint);
  }

  /** The results of a batch entry, one per command; or one error for the whole entry. */
  static List<CommandResult> fromBatchReply(RaftClientReply reply, Supplier<LeaderHint> hint) {
    if (!reply.isSuccess()) {
      return List.of(fromException(reply.getException(), hint));
    }
    try {
      return BatchResult.parseFrom(reply.getMessage().getContent().asReadOnlyByteBuffer()).getResultsList();
    } catch (InvalidProtocolBufferException e) {
      return List.of(Results.error(ErrorCode.INTERNAL, "the state machine's batch result does not decode: " + e.getMessage()));
    }
  }

  static CommandResult fromFailure(Throwable failure, Supplier<LeaderHint> hint) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof TimeoutException) {
      return Results.error(ErrorCode.UNKNOWN_OUTCOME,
          "the write did not commit in time (no quorum?); it may still apply: retry with the same request id");
    }
    return fromException(cause, hint);
  }

  private static CommandResult fromException(Throwable e, Supplier<LeaderHint> hint) {
    if (e instanceof NotLeaderException) {
      return notLeader(hint.get());
    }
    if (e instanceof LeaderNotReadyException || e instanceof LeaderSteppingDownException) {
      return Results.error(ErrorCode.NO_LEADER, "the leader is changing (" + e.getClass().getSimpleName() + "): retry shortly");
    }
    if (e instanceof StateMachineException sme) {
      Throwable cause = sme.getCause() == null ? sme : sme.getCause();
      return Results.error(ErrorCode.INTERNAL, "the state machine failed: " + cause.getMessage());
    }
    String what = e == null ? "unknown failure" : e.getClass().getSimpleName() + ": " + e.getMessage();
    return Results.error(ErrorCode.UNKNOWN_OUTCOME, "the write's outcome is unknown (" + what
        + "); retry with the same request id");
  }

  /** NOT_LEADER with the leader to go to, or NO_LEADER when none is known. */
  static CommandResult notLeader(LeaderHint hint) {
    if (hint == null) {
      return Results.error(ErrorCode.NO_LEADER, "this server is not the leader and no leader is known: retry shortly");
    }
    CommandResult.Builder result = Results.error(ErrorCode.NOT_LEADER,
        "this server is not the leader; the leader is " + hint.getId() + " at " + hint.getClientAddress()).toBuilder();
    result.getErrorBuilder().setLeaderHint(hint);
    return result.build();
  }
}
