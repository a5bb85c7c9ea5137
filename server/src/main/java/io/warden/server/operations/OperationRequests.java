package io.warden.server.operations;

import io.warden.protocol.client.AddPeerRequest;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.MembershipReply;
import io.warden.protocol.client.PeerInfo;
import io.warden.protocol.client.RemovePeerRequest;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.TakeSnapshotReply;
import io.warden.protocol.client.TakeSnapshotRequest;
import io.warden.protocol.client.TransferLeadershipReply;
import io.warden.protocol.client.TransferLeadershipRequest;
import io.warden.server.config.ConfigException;
import io.warden.server.config.HostPort;
import io.warden.server.lease.LeadershipConfirmer;
import io.warden.server.raft.GroupAdmin;
import io.warden.server.raft.RaftNode;
import io.warden.server.rpc.Responses;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Handles snapshot, leadership transfer and membership requests; all act on the leader. */
public final class OperationRequests {
  /** When a request names no timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** A longer wait holds a client connection's request open for nothing. */
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);
  /** Node ids become Raft peer ids, file names and metric labels: keep them plain. */
  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final RaftNode raft;
  private final LeadershipConfirmer confirmer;

  /**
   * @param confirmer whose read lease is ended while a transfer or configuration change runs: they
   *                  can elect a leader without the pre-vote the lease relies on
   */
  public OperationRequests(RaftNode raft, LeadershipConfirmer confirmer) {
    this.raft = raft;
    this.confirmer = confirmer;
  }

  /** The server-side time budget a request asks for: its own, else the default, at most 10 minutes. */
  public static Duration timeout(long requestedMillis) {
    if (requestedMillis <= 0) {
      return DEFAULT_TIMEOUT;
    }
    Duration asked = Duration.ofMillis(requestedMillis);
    return asked.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : asked;
  }

  public CompletableFuture<Response> takeSnapshot(long requestId, TakeSnapshotRequest request) {
    return answer(requestId, raft.admin().takeSnapshot(timeout(request.getTimeoutMillis())),
        taken -> Response.newBuilder().setRequestId(requestId).setTakeSnapshot(TakeSnapshotReply.newBuilder()
            .setServerId(raft.status().getId())
            .setIndex(taken.index())
            .setCommitIndex(taken.commitIndexAtRequest())).build());
  }

  public CompletableFuture<Response> transferLeadership(long requestId, TransferLeadershipRequest request) {
    String to = request.getTo().isEmpty() ? null : request.getTo();
    return answer(requestId, confirmer.withoutLease(() ->
        raft.admin().transferLeadership(to, timeout(request.getTimeoutMillis()))),
        transfer -> Response.newBuilder().setRequestId(requestId).setTransferLeadership(
            TransferLeadershipReply.newBuilder()
                .setPreviousLeader(transfer.previousLeader())
                .setLeader(transfer.leader())).build());
  }

  public CompletableFuture<Response> addPeer(long requestId, AddPeerRequest request) {
    PeerInfo peer = request.getPeer();
    String problem = checkNewPeer(peer);
    if (problem != null) {
      return CompletableFuture.completedFuture(Responses.error(requestId, ErrorCode.INVALID_ARGUMENT, problem));
    }
    return answer(requestId, confirmer.withoutLease(() ->
        raft.admin().addPeer(peer, timeout(request.getTimeoutMillis()))),
        membership -> Response.newBuilder().setRequestId(requestId).setAddPeer(reply(membership)).build());
  }

  public CompletableFuture<Response> removePeer(long requestId, RemovePeerRequest request) {
    if (request.getId().isEmpty()) {
      return CompletableFuture.completedFuture(
          Responses.error(requestId, ErrorCode.INVALID_ARGUMENT, "name the member to remove"));
    }
    return answer(requestId, confirmer.withoutLease(() ->
        raft.admin().removePeer(request.getId(), timeout(request.getTimeoutMillis()))),
        membership -> Response.newBuilder().setRequestId(requestId).setRemovePeer(reply(membership)).build());
  }

  /** What is wrong with a peer to add, or null. */
  static String checkNewPeer(PeerInfo peer) {
    if (!NODE_ID.matcher(peer.getId()).matches()) {
      return "node id '" + peer.getId() + "' is not 1-64 letters, digits, '.', '_' or '-' (starting with a letter or"
          + " digit)";
    }
    try {
      HostPort.parse("raft address", peer.getRaftAddress());
      HostPort.parse("client address", peer.getClientAddress());
      if (!peer.getAdminAddress().isEmpty()) {
        HostPort.parse("admin address", peer.getAdminAddress());
      }
    } catch (ConfigException e) {
      return e.getMessage();
    }
    return null;
  }

  private static MembershipReply reply(GroupAdmin.Membership membership) {
    return MembershipReply.newBuilder().addAllPeers(membership.voters()).setChanged(membership.changed()).build();
  }

  /** The success response, or the operation's error (NOT_LEADER with its hint). */
  static <T> CompletableFuture<Response> answer(long requestId, CompletableFuture<T> operation,
                                                Function<T, Response> success) {
    return operation.handle((value, failure) -> failure == null
        ? success.apply(value)
        : Responses.failure(requestId, failure));
  }
}
