package io.warden.server.session;

import io.warden.protocol.client.CloseSessionRequest;
import io.warden.protocol.client.CreateSessionRequest;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.KeepAliveReply;
import io.warden.protocol.client.KeepAliveRequest;
import io.warden.protocol.client.ListSessionsReply;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.SessionInfo;
import io.warden.protocol.command.CloseSession;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.CreateSession;
import io.warden.protocol.command.SessionRecord;
import io.warden.server.config.ServerConfig;
import io.warden.server.lease.KeepAliveOutcome;
import io.warden.server.lease.LeadershipConfirmer;
import io.warden.server.lease.LeaseKeeper;
import io.warden.server.raft.RaftNode;
import io.warden.server.rpc.Connection;
import io.warden.server.rpc.ConnectionRegistry;
import io.warden.server.rpc.Responses;
import io.warden.statemachine.ratis.WardenStateMachine;
import io.warden.statemachine.session.SessionTable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Handles the session requests of the client protocol on the leader. */
public final class SessionRequests {
  /** Owner labels are for people; keep them short. */
  static final int MAX_OWNER_BYTES = 256;
  /** One keepalive request renews at most this many sessions. */
  static final int MAX_KEEPALIVE_IDS = 100_000;

  private final ServerConfig config;
  private final RaftNode raft;
  private final WardenStateMachine stateMachine;
  private final LeaseKeeper leases;
  private final LeadershipConfirmer confirmer;
  private final ConnectionRegistry connections;

  public SessionRequests(ServerConfig config, RaftNode raft, WardenStateMachine stateMachine, LeaseKeeper leases,
                         LeadershipConfirmer confirmer, ConnectionRegistry connections) {
    this.config = config;
    this.raft = raft;
    this.stateMachine = stateMachine;
    this.leases = leases;
    this.confirmer = confirmer;
    this.connections = connections;
  }

  public CompletableFuture<Response> create(Connection connection, long requestId, CreateSessionRequest request) {
    long ttl = request.getTtlMillis();
    long min = config.sessionTtlMin().toMillis();
    long max = config.sessionTtlMax().toMillis();
    if (ttl < min || ttl > max) {
      return invalid(requestId, "session TTL " + ttl + " ms is out of range: ask for " + min + " ms to " + max
          + " ms (warden.session.ttl.min / warden.session.ttl.max)");
    }
    if (request.getOwner().getBytes(StandardCharsets.UTF_8).length > MAX_OWNER_BYTES) {
      return invalid(requestId, "session owner label is longer than " + MAX_OWNER_BYTES + " bytes");
    }
    Command command = Command.newBuilder()
        .setCreateSession(CreateSession.newBuilder().setTtlMillis(ttl).setOwner(request.getOwner()))
        .build();
    return raft.submit(connection.call(requestId), command).thenApply(result -> {
      if (result.hasCreateSession()) {
        connections.bind(result.getCreateSession().getSessionId(), connection.channel());
      }
      return Responses.of(requestId, result);
    });
  }

  /** Renews after a marker committed that was proposed after this request arrived (DESIGN §5). */
  public CompletableFuture<Response> keepAlive(Connection connection, long requestId, KeepAliveRequest request) {
    List<Long> ids = request.getSessionIdsList();
    if (ids.isEmpty() || ids.size() > MAX_KEEPALIVE_IDS) {
      return invalid(requestId, "a keepalive names 1 to " + MAX_KEEPALIVE_IDS + " sessions, this one " + ids.size());
    }
    OptionalLong term = leases.activeTerm();
    if (term.isEmpty()) {
      return CompletableFuture.completedFuture(Responses.of(requestId, raft.notLeaderResult()));
    }
    return confirmer.confirm()
        .thenApply(confirmed -> {
          KeepAliveOutcome outcome = leases.renew(ids, term.getAsLong());
          outcome.renewed().forEach(id -> connections.bind(id, connection.channel()));
          return Response.newBuilder().setRequestId(requestId).setKeepAlive(KeepAliveReply.newBuilder()
              .addAllRenewed(outcome.renewed()).addAllUnknown(outcome.unknown())).build();
        })
        .exceptionally(failure -> Responses.notLeaderIfLeadershipLost(requestId, failure, raft));
  }

  public CompletableFuture<Response> close(Connection connection, long requestId, CloseSessionRequest request) {
    Command command = Command.newBuilder()
        .setCloseSession(CloseSession.newBuilder().setSessionId(request.getSessionId()))
        .build();
    return raft.submit(connection.call(requestId), command).thenApply(result -> Responses.of(requestId, result));
  }

  /** A linearizable list: confirmed leadership after the request arrived, then the applied state. */
  public CompletableFuture<Response> list(long requestId) {
    return confirmer.confirmPromptly()
        .thenApply(confirmed -> {
          long index = stateMachine.appliedIndex();
          List<SessionRecord> sessions = stateMachine.read(SessionTable::all);
          ListSessionsReply.Builder reply = ListSessionsReply.newBuilder().setIndex(index);
          for (SessionRecord session : sessions) {
            long remaining = leases.remainingNanos(session.getId()).orElse(0);
            reply.addSessions(SessionInfo.newBuilder()
                .setId(session.getId())
                .setOwner(session.getOwner())
                .setTtlMillis(session.getTtlMillis())
                .setRemainingMillis(TimeUnit.NANOSECONDS.toMillis(remaining))
                .setCreatedIndex(session.getCreatedIndex())
                .setCreatedMillis(session.getCreatedMillis()));
          }
          return Response.newBuilder().setRequestId(requestId).setListSessions(reply).build();
        })
        .exceptionally(failure -> Responses.notLeaderIfLeadershipLost(requestId, failure, raft));
  }

  private static CompletableFuture<Response> invalid(long requestId, String message) {
    return CompletableFuture.completedFuture(Responses.error(requestId, ErrorCode.INVALID_ARGUMENT, message));
  }
}
