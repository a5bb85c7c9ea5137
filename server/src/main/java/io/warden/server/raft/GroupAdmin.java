package io.warden.server.raft;

import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.LeaderHint;
import io.warden.protocol.client.PeerInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.protocol.exceptions.LeaderNotReadyException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.NotLeaderException;
import org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException;
import org.apache.ratis.protocol.exceptions.ReconfigurationTimeoutException;
import org.apache.ratis.protocol.exceptions.SetConfigurationException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;
import org.apache.ratis.protocol.exceptions.TransferLeadershipException;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.StateMachine;

/**
 * Operations on the Raft group, through Ratis's in-process admin API (RATIS.md §3): snapshot,
 * leadership transfer, membership change, and the files of the latest snapshot for a backup.
 * Each acts on the leader only (a follower refuses with NOT_LEADER and where the leader is), and
 * each future fails with {@link RaftOperationException} carrying the protocol error to answer.
 *
 * <p>None is a log command, so no call record dedupes them; each is written so that
 * doing it again is harmless: a membership that already is as asked changes nothing, a transfer to
 * the leader is done, a snapshot that exists is reported again.
 */
public final class GroupAdmin {
  /** Between asks for a snapshot while the apply thread catches up with the commit index. */
  private static final long SNAPSHOT_RETRY_MILLIS = 20;

  private final RaftServer server;
  private final RaftGroupId groupId;
  private final RaftPeerId selfId;
  private final Supplier<RaftServer.Division> division;
  private final Supplier<LeaderHint> leaderHint;
  private final Executor executor;
  /** Proposes a no-op entry (a leadership marker) and completes when it is applied. */
  private final Supplier<CompletableFuture<?>> noOp;
  /** Admin requests are not deduplicated by Ratis; a ClientId of their own keeps them apart. */
  private final ClientId adminClientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();

  GroupAdmin(RaftServer server, RaftGroupId groupId, RaftPeerId selfId, Supplier<RaftServer.Division> division,
             Supplier<LeaderHint> leaderHint, Executor executor, Supplier<CompletableFuture<?>> noOp) {
    this.server = server;
    this.noOp = noOp;
    this.groupId = groupId;
    this.selfId = selfId;
    this.division = division;
    this.leaderHint = leaderHint;
    this.executor = executor;
  }

  /** A snapshot taken on the leader. */
  public record SnapshotTaken(long index, long commitIndexAtRequest) {}

  /** Leadership after a transfer. */
  public record LeaderTransfer(String previousLeader, String leader) {}

  /** The voting members after a membership request; {@code changed} is false when nothing was done. */
  public record Membership(List<PeerInfo> voters, boolean changed) {}

  /**
   * The files of a snapshot.
   *
   * @param directory the directory the file paths are relative to
   * @param files     regular files, relative to {@code directory}
   */
  public record SnapshotFiles(long term, long index, Path directory, List<Path> files) {}

  /**
   * Takes a snapshot on the leader that holds every entry committed when this was called. Ratis
   * snapshots only what is applied, and answers with the previous snapshot when nothing was applied
   * since; so while the apply thread is behind the commit index seen here, ask again. A cluster
   * that has applied nothing but its first configuration entry (index 0) has no state to snapshot:
   * one no-op entry gives it some.
   */
  public CompletableFuture<SnapshotTaken> takeSnapshot(Duration timeout) {
    try {
      requireLeader();
    } catch (RaftOperationException e) {
      return CompletableFuture.failedFuture(e);
    }
    long commitIndex = division.get().getRaftLog().getLastCommittedIndex();
    long deadline = System.nanoTime() + timeout.toNanos();
    return snapshotAtLeast(Math.max(commitIndex, 1), deadline, false)
        .thenApply(index -> new SnapshotTaken(index, commitIndex));
  }

  private CompletableFuture<Long> snapshotAtLeast(long target, long deadlineNanos, boolean noOpProposed) {
    long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    if (remainingMillis <= 0) {
      return CompletableFuture.failedFuture(new RaftOperationException(ErrorCode.UNKNOWN_OUTCOME,
          "no snapshot at or above index " + target + " could be taken in time: the leader is applying slowly;"
              + " retry"));
    }
    SnapshotManagementRequest request = SnapshotManagementRequest.newCreate(adminClientId, selfId, groupId,
        callIds.incrementAndGet(), remainingMillis, 1);
    return call(() -> server.snapshotManagementAsync(request), Duration.ofMillis(remainingMillis), "the snapshot")
        .thenCompose(index -> {
          SnapshotInfo latest = division.get().getStateMachine().getLatestSnapshot();
          if (index >= target && latest != null) {
            return CompletableFuture.completedFuture(index);
          }
          CompletableFuture<?> before = latest == null && !noOpProposed
              ? noOp.get()
              : CompletableFuture.supplyAsync(() -> null,
                  CompletableFuture.delayedExecutor(SNAPSHOT_RETRY_MILLIS, TimeUnit.MILLISECONDS, executor));
          return before.thenCompose(ignored -> snapshotAtLeast(target, deadlineNanos, noOpProposed || latest == null));
        });
  }

  /**
   * Hands leadership to {@code to}, or when null to the voting follower with the highest match
   * index. Completes once the new leader is elected.
   */
  public CompletableFuture<LeaderTransfer> transferLeadership(String to, Duration timeout) {
    RaftPeerId target;
    try {
      requireLeader();
      if (to != null && to.equals(selfId.toString())) {
        return CompletableFuture.completedFuture(new LeaderTransfer(to, to));
      }
      target = to == null ? mostCaughtUpFollower() : voter(to);
    } catch (RaftOperationException e) {
      return CompletableFuture.failedFuture(e);
    }
    TransferLeadershipRequest request = new TransferLeadershipRequest(adminClientId, selfId, groupId,
        callIds.incrementAndGet(), target, timeout.toMillis());
    return call(() -> server.transferLeadershipAsync(request), timeout.plusMillis(500),
        "the transfer of leadership to " + target)
        .thenApply(ignored -> new LeaderTransfer(selfId.toString(), target.toString()));
  }

  private RaftPeerId voter(String id) {
    RaftPeerId peerId = RaftPeerId.valueOf(id);
    if (voters().stream().noneMatch(p -> p.getId().equals(peerId))) {
      throw new RaftOperationException(ErrorCode.INVALID_ARGUMENT, id + " is not a voting member (members: "
          + memberIds(voters()) + ")");
    }
    return peerId;
  }

  /**
   * Ratis reports the followers' match indexes in the order of its log appenders, the same order
   * as the role info lists them; read both again if a membership change came in between.
   */
  private RaftPeerId mostCaughtUpFollower() {
    List<RaftPeerId> voterIds = voters().stream().map(RaftPeer::getId).filter(id -> !id.equals(selfId)).toList();
    for (int attempt = 0; attempt < 3; attempt++) {
      DivisionInfo info = division.get().getInfo();
      RoleInfoProto role = info.getRoleInfoProto();
      long[] matchIndexes = info.getFollowerMatchIndices();
      if (!role.hasLeaderInfo() || matchIndexes == null) {
        throw notLeader();
      }
      List<ServerRpcProto> followers = role.getLeaderInfo().getFollowerInfoList();
      if (followers.size() != matchIndexes.length) {
        continue;
      }
      RaftPeerId best = null;
      long bestIndex = -1;
      for (int i = 0; i < followers.size(); i++) {
        RaftPeerId id = RaftPeerId.valueOf(followers.get(i).getId().getId());
        boolean better = matchIndexes[i] > bestIndex
            || (matchIndexes[i] == bestIndex && best != null && id.toString().compareTo(best.toString()) < 0);
        if (voterIds.contains(id) && better) {
          best = id;
          bestIndex = matchIndexes[i];
        }
      }
      if (best == null) {
        throw new RaftOperationException(ErrorCode.INVALID_ARGUMENT,
            "there is no other voting member to hand leadership to (members: " + memberIds(voters()) + ")");
      }
      return best;
    }
    throw new RaftOperationException(ErrorCode.NO_LEADER, "the membership is changing: retry the transfer");
  }

  /**
   * Adds {@code peer} as a voting member. It must already run with an empty group (warden.join);
   * the leader first brings it up to date (a snapshot, then the log), then commits the new
   * configuration. Nothing changes if it already is a member at that address.
   */
  public CompletableFuture<Membership> addPeer(PeerInfo peer, Duration timeout) {
    List<RaftPeer> next;
    try {
      requireLeader();
      List<RaftPeer> current = stableVoters();
      for (RaftPeer member : current) {
        if (member.getId().toString().equals(peer.getId())) {
          if (member.getAddress().equals(peer.getRaftAddress())) {
            return CompletableFuture.completedFuture(new Membership(toPeerInfos(current), false));
          }
          throw new RaftOperationException(ErrorCode.INVALID_ARGUMENT, peer.getId() + " is already a member, with raft"
              + " address " + member.getAddress() + ": remove it first to change its address");
        }
        if (member.getAddress().equals(peer.getRaftAddress())) {
          throw new RaftOperationException(ErrorCode.INVALID_ARGUMENT, "raft address " + peer.getRaftAddress()
              + " is already member " + member.getId() + "'s");
        }
      }
      next = new ArrayList<>(current);
      next.add(toRaftPeer(peer));
    } catch (RaftOperationException e) {
      return CompletableFuture.failedFuture(e);
    }
    return setConfiguration(next, timeout, "adding " + peer.getId() + " (raft " + peer.getRaftAddress() + ")");
  }

  /** Removes member {@code id}; nothing changes if it is not one. A removed server shuts its Raft down. */
  public CompletableFuture<Membership> removePeer(String id, Duration timeout) {
    List<RaftPeer> next;
    try {
      requireLeader();
      List<RaftPeer> current = stableVoters();
      next = current.stream().filter(p -> !p.getId().toString().equals(id)).toList();
      if (next.size() == current.size()) {
        return CompletableFuture.completedFuture(new Membership(toPeerInfos(current), false));
      }
      if (next.isEmpty()) {
        throw new RaftOperationException(ErrorCode.INVALID_ARGUMENT, id + " is the only member: it cannot be removed");
      }
    } catch (RaftOperationException e) {
      return CompletableFuture.failedFuture(e);
    }
    return setConfiguration(next, timeout, "removing " + id);
  }

  private CompletableFuture<Membership> setConfiguration(List<RaftPeer> peers, Duration timeout, String what) {
    SetConfigurationRequest request = new SetConfigurationRequest(adminClientId, selfId, groupId,
        callIds.incrementAndGet(), peers);
    return call(() -> server.setConfigurationAsync(request), timeout, what)
        .thenApply(ignored -> new Membership(toPeerInfos(peers), true));
  }

  /**
   * The files of this server's latest snapshot.
   *
   * @throws RaftOperationException if it has none
   */
  public SnapshotFiles latestSnapshot() {
    StateMachine stateMachine = division.get().getStateMachine();
    SnapshotInfo snapshot = stateMachine.getLatestSnapshot();
    if (snapshot == null || snapshot.getFiles() == null) {
      throw new RaftOperationException(ErrorCode.INTERNAL, "this server has no snapshot");
    }
    Path directory = stateMachine.getStateMachineStorage().getSnapshotDir().toPath().toAbsolutePath();
    List<Path> files = snapshot.getFiles().stream()
        .map(FileInfo::getPath)
        .map(p -> directory.relativize(p.toAbsolutePath()))
        .toList();
    return new SnapshotFiles(snapshot.getTerm(), snapshot.getIndex(), directory, files);
  }

  /** The voting members, failing if a change is under way (Ratis would refuse one more). */
  private List<RaftPeer> stableVoters() {
    // A joint configuration still lists the previous members.
    if (!division.get().getRaftConf().getPreviousPeers().isEmpty()) {
      throw new RaftOperationException(ErrorCode.INVALID_ARGUMENT,
          "a membership change is in progress: wait for it to finish ('wardenctl status') and retry");
    }
    return voters();
  }

  private List<RaftPeer> voters() {
    return division.get().getRaftConf().getCurrentPeers().stream()
        .sorted(Comparator.comparing(p -> p.getId().toString()))
        .toList();
  }

  private void requireLeader() {
    if (!division.get().getInfo().isLeader()) {
      throw notLeader();
    }
  }

  private RaftOperationException notLeader() {
    return RaftOperationException.of(Submission.notLeader(leaderHint.get()).getError());
  }

  /**
   * Runs one admin call off the caller's thread (its synchronous part blocks) and turns its
   * outcome into the reply's log index or a {@link RaftOperationException}.
   */
  private CompletableFuture<Long> call(AdminCall call, Duration timeout, String what) {
    return CompletableFuture.supplyAsync(() -> {
          try {
            return call.send();
          } catch (IOException e) {
            return CompletableFuture.<RaftClientReply>failedFuture(e);
          }
        }, executor)
        .thenCompose(f -> f)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle((reply, failure) -> {
          Throwable problem = failure != null ? failure : reply.isSuccess() ? null : reply.getException();
          if (problem != null) {
            throw translate(problem, what, timeout);
          }
          return reply.getLogIndex();
        });
  }

  private RaftOperationException translate(Throwable failure, String what, Duration timeout) {
    Throwable e = failure;
    while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof RaftOperationException known) {
      return known;
    }
    if (e instanceof NotLeaderException) {
      return notLeader();
    }
    if (e instanceof LeaderNotReadyException || e instanceof LeaderSteppingDownException) {
      return new RaftOperationException(ErrorCode.NO_LEADER,
          "the leader is changing (" + e.getClass().getSimpleName() + "): retry shortly");
    }
    if (e instanceof ReconfigurationInProgressException) {
      return new RaftOperationException(ErrorCode.INVALID_ARGUMENT,
          "a membership change is in progress: wait for it to finish ('wardenctl status') and retry");
    }
    if (e instanceof ReconfigurationTimeoutException) {
      return new RaftOperationException(ErrorCode.INVALID_ARGUMENT, what + " failed: the new server did not catch"
          + " up with the leader. Is it running with warden.join=true and the cluster's warden.cluster.id, and is"
          + " its raft address reachable from the leader? Nothing was changed");
    }
    if (e instanceof SetConfigurationException || e instanceof TransferLeadershipException) {
      return new RaftOperationException(ErrorCode.INVALID_ARGUMENT, what + " was refused: " + e.getMessage());
    }
    if (e instanceof TimeoutException || e instanceof TimeoutIOException) {
      return new RaftOperationException(ErrorCode.UNKNOWN_OUTCOME, what + " did not complete within "
          + timeout.toMillis() + " ms; it may still complete: check 'wardenctl status'");
    }
    return new RaftOperationException(ErrorCode.INTERNAL, what + " failed: " + e);
  }

  static PeerInfo toPeerInfo(RaftPeer peer) {
    return PeerInfo.newBuilder()
        .setId(peer.getId().toString())
        .setRaftAddress(nullToEmpty(peer.getAddress()))
        .setClientAddress(nullToEmpty(peer.getClientAddress()))
        .setAdminAddress(nullToEmpty(peer.getAdminAddress()))
        .build();
  }

  private static List<PeerInfo> toPeerInfos(List<RaftPeer> peers) {
    return peers.stream().sorted(Comparator.comparing(p -> p.getId().toString())).map(GroupAdmin::toPeerInfo).toList();
  }

  private static RaftPeer toRaftPeer(PeerInfo peer) {
    RaftPeer.Builder builder = RaftPeer.newBuilder().setId(peer.getId()).setAddress(peer.getRaftAddress());
    Optional.of(peer.getClientAddress()).filter(s -> !s.isEmpty()).ifPresent(builder::setClientAddress);
    Optional.of(peer.getAdminAddress()).filter(s -> !s.isEmpty()).ifPresent(builder::setAdminAddress);
    return builder.build();
  }

  private static String memberIds(List<RaftPeer> peers) {
    return String.join(",", peers.stream().map(p -> p.getId().toString()).toList());
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  @FunctionalInterface
  private interface AdminCall {
    CompletableFuture<RaftClientReply> send() throws IOException;
  }
}
