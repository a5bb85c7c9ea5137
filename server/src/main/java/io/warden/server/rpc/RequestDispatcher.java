package io.warden.server.rpc;

import io.netty.channel.Channel;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.Event;
import io.warden.protocol.client.Hello;
import io.warden.protocol.client.HelloReply;
import io.warden.protocol.client.LeaderHint;
import io.warden.protocol.client.OperationProgress;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.ServerMessage;
import io.warden.server.backup.BackupRequests;
import io.warden.server.lock.LockRequests;
import io.warden.server.operations.OperationRequests;
import io.warden.server.raft.RaftNode;
import io.warden.server.ring.RingRequests;
import io.warden.server.session.SessionRequests;
import io.warden.server.session.SessionResume;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Routes each request to its handler. Only {@code Hello}, status and the reading of a pinned
 * backup (which lives on the server that pinned it) are answered by any server; everything else
 * needs the leader, and a follower answers NOT_LEADER with where the leader is.
 */
public final class RequestDispatcher {
  /** The protocol version this server speaks (client.proto). */
  public static final int PROTOCOL_VERSION = 1;
  /** Between two OperationProgress events of a long operation. */
  static final long PROGRESS_INTERVAL_MILLIS = 200;

  private final String serverId;
  private final RaftNode raft;
  private final SessionRequests sessions;
  private final SessionResume resume;
  private final LockRequests locks;
  private final OperationRequests operations;
  private final BackupRequests backups;
  private final RingRequests ring;

  public RequestDispatcher(String serverId, RaftNode raft, SessionRequests sessions, SessionResume resume,
                           LockRequests locks, OperationRequests operations, BackupRequests backups,
                           RingRequests ring) {
    this.serverId = serverId;
    this.raft = raft;
    this.sessions = sessions;
    this.resume = resume;
    this.locks = locks;
    this.operations = operations;
    this.backups = backups;
    this.ring = ring;
  }

  CompletableFuture<Response> dispatch(Connection connection, ClientMessage request) {
    long id = request.getRequestId();
    connection.noteFirstUnanswered(request.getFirstUnansweredId());
    switch (request.getBodyCase()) {
      case HELLO:
        return done(hello(connection, id, request.getHello()));
      case GET_SERVER_STATUS:
        return done(Response.newBuilder().setRequestId(id).setServerStatus(raft.status()).build());
      case READ_BACKUP:
        return backups.read(id, request.getReadBackup());
      case END_BACKUP:
        return backups.end(id, request.getEndBackup());
      case BODY_NOT_SET:
        return done(Responses.error(id, ErrorCode.UNSUPPORTED, "empty or unknown request: upgrade the server or the client"));
      default:
        break;
    }
    if (!raft.isLeader()) {
      return done(Responses.of(id, raft.notLeaderResult()));
    }
    if (connection.clientId() == null) {
      return done(Responses.error(id, ErrorCode.INVALID_ARGUMENT, "send Hello with a 16-byte client_id first"));
    }
    return switch (request.getBodyCase()) {
      case CREATE_SESSION -> sessions.create(connection, id, request.getCreateSession());
      case KEEP_ALIVE -> sessions.keepAlive(connection, id, request.getKeepAlive());
      case CLOSE_SESSION -> sessions.close(connection, id, request.getCloseSession());
      case LIST_SESSIONS -> sessions.list(id);
      case ACQUIRE -> locks.acquire(connection, id, request.getAcquire());
      case RELEASE -> locks.release(connection, id, request.getRelease());
      case CANCEL -> locks.cancel(connection, id, request.getCancel());
      case DESCRIBE_LOCK -> locks.describe(id, request.getDescribeLock());
      case LIST_LOCKS -> locks.list(id);
      case TAKE_SNAPSHOT -> withProgress(connection, id, operations.takeSnapshot(id, request.getTakeSnapshot()));
      case TRANSFER_LEADERSHIP ->
          withProgress(connection, id, operations.transferLeadership(id, request.getTransferLeadership()));
      case ADD_PEER -> withProgress(connection, id, operations.addPeer(id, request.getAddPeer()));
      case REMOVE_PEER -> withProgress(connection, id, operations.removePeer(id, request.getRemovePeer()));
      case START_BACKUP -> withProgress(connection, id, backups.start(id, request.getStartBackup()));
      case JOIN -> ring.join(connection, id, request.getJoin());
      case LEAVE -> ring.leave(connection, id, request.getLeave());
      case RELEASE_PARTITION -> ring.releasePartition(connection, id, request.getReleasePartition());
      case GET_RING -> ring.getRing(id);
      case LIST_MEMBERS -> ring.listMembers(id);
      case DESCRIBE_PARTITION -> ring.describePartition(id, request.getDescribePartition());
      case WATCH_RING -> ring.watchRing(connection, id);
      default -> done(Responses.error(id, ErrorCode.UNSUPPORTED,
          request.getBodyCase() + " is not supported by this server: upgrade it"));
    };
  }

  private Response hello(Connection connection, long id, Hello hello) {
    if (hello.getClientId().size() != 16) {
      return Responses.error(id, ErrorCode.INVALID_ARGUMENT,
          "Hello.client_id must be 16 bytes, was " + hello.getClientId().size());
    }
    if (hello.getProtocolVersion() > PROTOCOL_VERSION) {
      return Responses.error(id, ErrorCode.UNSUPPORTED, "this server speaks protocol version " + PROTOCOL_VERSION
          + ", the client asked for " + hello.getProtocolVersion() + ": upgrade the server");
    }
    connection.setClientId(hello.getClientId().toByteArray());
    // After the reply is written (this runs on the connection's event loop): re-send what the
    // client's sessions missed while it was away.
    connection.channel().eventLoop().execute(() -> resume.resume(connection, hello.getSessionIdsList()));
    HelloReply.Builder reply = HelloReply.newBuilder()
        .setProtocolVersion(PROTOCOL_VERSION)
        .setServerId(serverId)
        .setLeader(raft.isLeader());
    LeaderHint hint = raft.leaderHint();
    if (hint != null) {
      reply.setLeaderHint(hint);
    }
    return Response.newBuilder().setRequestId(id).setHello(reply).build();
  }

  /**
   * An operation can take seconds (catching a new server up): while it runs, tell the client the
   * connection is alive, so it does not presume it dead and re-send the request elsewhere.
   */
  private static CompletableFuture<Response> withProgress(Connection connection, long id,
                                                          CompletableFuture<Response> work) {
    if (work.isDone()) {
      return work;
    }
    Channel channel = connection.channel();
    ServerMessage progress = ServerMessage.newBuilder()
        .setEvent(Event.newBuilder().setOperationProgress(OperationProgress.newBuilder().setRequestId(id)))
        .build();
    ScheduledFuture<?> beats = channel.eventLoop().scheduleAtFixedRate(() -> {
      if (channel.isActive()) {
        channel.writeAndFlush(progress);
      }
    }, PROGRESS_INTERVAL_MILLIS, PROGRESS_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    work.whenComplete((response, failure) -> beats.cancel(false));
    return work;
  }

  private static CompletableFuture<Response> done(Response response) {
    return CompletableFuture.completedFuture(response);
  }
}
