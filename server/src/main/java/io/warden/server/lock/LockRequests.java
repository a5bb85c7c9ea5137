package io.warden.server.lock;

import io.warden.protocol.client.AcquireRequest;
import io.warden.protocol.client.CancelRequest;
import io.warden.protocol.client.DescribeLockReply;
import io.warden.protocol.client.DescribeLockRequest;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.ListLocksReply;
import io.warden.protocol.client.LockInfo;
import io.warden.protocol.client.LockWaiterInfo;
import io.warden.protocol.client.ReleaseRequest;
import io.warden.protocol.client.Response;
import io.warden.protocol.command.Acquire;
import io.warden.protocol.command.Cancel;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.LockHolder;
import io.warden.protocol.command.LockRecord;
import io.warden.protocol.command.LockWaiter;
import io.warden.protocol.command.Release;
import io.warden.protocol.command.SessionRecord;
import io.warden.server.lease.LeadershipConfirmer;
import io.warden.server.raft.RaftNode;
import io.warden.server.rpc.Connection;
import io.warden.server.rpc.ConnectionRegistry;
import io.warden.server.rpc.Responses;
import io.warden.statemachine.lock.LockTable;
import io.warden.statemachine.ratis.WardenStateMachine;
import io.warden.statemachine.session.SessionTable;
import io.warden.statemachine.store.StoreReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** Handles the lock requests of the client protocol on the leader. */
public final class LockRequests {
  private final RaftNode raft;
  private final WardenStateMachine stateMachine;
  private final LeadershipConfirmer confirmer;
  private final ConnectionRegistry connections;
  private final HandoffLatency handoffs;

  public LockRequests(RaftNode raft, WardenStateMachine stateMachine, LeadershipConfirmer confirmer,
                      ConnectionRegistry connections, HandoffLatency handoffs) {
    this.raft = raft;
    this.stateMachine = stateMachine;
    this.confirmer = confirmer;
    this.connections = connections;
    this.handoffs = handoffs;
  }

  public CompletableFuture<Response> acquire(Connection connection, long requestId, AcquireRequest request) {
    CompletableFuture<Response> invalid = checkName(requestId, request.getName());
    if (invalid != null) {
      return invalid;
    }
    // Bound before the command applies, so a grant that follows a QUEUED answer reaches this
    // connection, the one now waiting for it.
    connections.bind(request.getSessionId(), connection.channel());
    Command command = Command.newBuilder().setAcquire(Acquire.newBuilder()
        .setName(request.getName())
        .setSessionId(request.getSessionId())
        .setMode(request.getMode())
        .setWait(request.getWait())
        .setLockDelayMillis(request.getLockDelayMillis())).build();
    return raft.submit(connection.call(requestId), command).thenApply(result -> Responses.of(requestId, result));
  }

  public CompletableFuture<Response> release(Connection connection, long requestId, ReleaseRequest request) {
    Command command = Command.newBuilder().setRelease(Release.newBuilder()
        .setName(request.getName()).setSessionId(request.getSessionId()).setToken(request.getToken())).build();
    long arrival = handoffs.releaseArrived(request.getName());
    return raft.submit(connection.call(requestId), command)
        .whenComplete((result, failure) -> handoffs.releaseAnswered(request.getName(), arrival))
        .thenApply(result -> Responses.of(requestId, result));
  }

  public CompletableFuture<Response> cancel(Connection connection, long requestId, CancelRequest request) {
    Command command = Command.newBuilder().setCancel(Cancel.newBuilder()
        .setName(request.getName()).setSessionId(request.getSessionId()).setWaiterId(request.getWaiterId())).build();
    return raft.submit(connection.call(requestId), command).thenApply(result -> Responses.of(requestId, result));
  }

  /** Linearizable: leadership confirmed after the request arrived, then the applied state. */
  public CompletableFuture<Response> describe(long requestId, DescribeLockRequest request) {
    return confirmer.confirmPromptly().thenApply(confirmed -> {
      long index = stateMachine.appliedIndex();
      DescribeLockReply.Builder reply = DescribeLockReply.newBuilder().setIndex(index);
      stateMachine.read(reader -> LockTable.find(reader, request.getName()).map(lock -> info(reader, lock)))
          .ifPresent(reply::setLock);
      return Response.newBuilder().setRequestId(requestId).setDescribeLock(reply).build();
    }).exceptionally(failure -> Responses.notLeaderIfLeadershipLost(requestId, failure, raft));
  }

  /** Linearizable list of every lock that is held, awaited or delayed. */
  public CompletableFuture<Response> list(long requestId) {
    return confirmer.confirmPromptly().thenApply(confirmed -> {
      long index = stateMachine.appliedIndex();
      ListLocksReply.Builder reply = ListLocksReply.newBuilder().setIndex(index);
      stateMachine.read(reader -> {
        LockTable.all(reader).forEach(lock -> reply.addLocks(info(reader, lock)));
        return null;
      });
      return Response.newBuilder().setRequestId(requestId).setListLocks(reply).build();
    }).exceptionally(failure -> Responses.notLeaderIfLeadershipLost(requestId, failure, raft));
  }

  private static LockInfo info(StoreReader reader, LockRecord lock) {
    LockInfo.Builder info = LockInfo.newBuilder().setName(lock.getName()).setMode(lock.getMode());
    for (LockHolder holder : lock.getHoldersList()) {
      info.addHolders(LockTable.holderInfo(reader, holder));
    }
    for (LockWaiter waiter : lock.getWaitersList()) {
      SessionRecord session = SessionTable.find(reader, waiter.getSessionId());
      info.addWaiters(LockWaiterInfo.newBuilder()
          .setSessionId(waiter.getSessionId())
          .setOwner(session == null ? "" : session.getOwner())
          .setWaiterId(waiter.getWaiterId())
          .setMode(waiter.getMode()));
    }
    return info.build();
  }

  /** Refuses a bad name before it costs a log entry (apply checks it again). */
  private static CompletableFuture<Response> checkName(long requestId, String name) {
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes == 0 || bytes > LockTable.MAX_NAME_BYTES) {
      return CompletableFuture.completedFuture(Responses.error(requestId, ErrorCode.INVALID_ARGUMENT,
          "lock name must be 1 to " + LockTable.MAX_NAME_BYTES + " bytes of UTF-8, was " + bytes));
    }
    return null;
  }
}
