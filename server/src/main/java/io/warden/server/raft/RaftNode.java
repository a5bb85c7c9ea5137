package io.warden.server.raft;

import io.warden.protocol.client.CommandResult;
import io.warden.protocol.client.LeaderHint;
import io.warden.protocol.client.Role;
import io.warden.protocol.client.ServerStatus;
import io.warden.protocol.command.ClientCall;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.LeadershipMarker;
import io.warden.server.config.PeerConfig;
import io.warden.server.config.ServerConfig;
import io.warden.statemachine.ratis.WardenStateMachine;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * This server's member of the Raft group: starts Ratis, submits commands to it in-process and
 * reports its role.
 *
 * <p>Client writes go through a {@link WriteBatcher}: many of them share one entry, and each
 * carries its client's id and request id ({@code ClientCall}), from which the state machine's call
 * records apply a re-sent write once (DESIGN §2; this departs from §2's use of Ratis's retry
 * cache, which knows one request per entry). The server's own commands (markers, expiries) go
 * one per entry under a ClientId of their own with a private sequence.
 */
public final class RaftNode implements AutoCloseable {
  /**
   * Client-write entries proposed and not yet answered before further writes wait to share the
   * next entry. Two: one entry replicating while the next fills. With one, a lock's release would
   * wait behind its last holder's re-acquire; more gave no measurable gain (BENCHMARKS.md, "Tuning").
   */
  private static final int WRITE_ENTRIES_IN_FLIGHT = 2;
  /** A command that changes nothing: a leadership marker. */
  private static final Command NO_OP = Command.newBuilder().setMarker(LeadershipMarker.getDefaultInstance()).build();
  private final ServerConfig config;
  private final RaftGroupId groupId;
  private final RaftPeerId selfId;
  private final RaftServer server;
  private final WardenStateMachine stateMachine;
  /** submitClientRequestAsync blocks for the synchronous part: keep that off event loops. */
  private final ExecutorService submitter;
  private final ClientId internalClientId = ClientId.randomId();
  private final AtomicLong internalCallId = new AtomicLong();
  /** Batches go to Ratis from one thread, in the order the batcher made them (WriteBatcher). */
  private final ExecutorService batchProposer;
  private final WriteBatcher writes;
  private final GroupAdmin admin;

  public RaftNode(ServerConfig config, Path storage, WardenStateMachine stateMachine) throws IOException {
    this.config = config;
    this.stateMachine = stateMachine;
    this.groupId = RaftGroupId.valueOf(config.clusterId());
    this.selfId = RaftPeerId.valueOf(config.nodeId());
    List<RaftPeer> peers = config.peers().stream().map(RaftNode::toRaftPeer).toList();
    // A joining server starts with no members: the leader sends it the configuration when it is
    // added (RATIS.md §3). Either way the group given here only matters for a new storage
    // directory; afterwards Ratis reads the configuration from its log.
    RaftGroup group = config.join() ? RaftGroup.valueOf(groupId) : RaftGroup.valueOf(groupId, peers);
    this.server = RaftServer.newBuilder()
        .setServerId(selfId)
        .setGroup(group)
        .setStateMachine(stateMachine)
        .setProperties(RaftSettings.from(config, storage.toFile()))
        .setOption(RaftStorage.StartupOption.RECOVER)
        .build();
    this.submitter = Executors.newFixedThreadPool(4, daemonThreads("warden-submit-" + config.nodeId()));
    this.batchProposer = Executors.newSingleThreadExecutor(daemonThreads("warden-propose-" + config.nodeId()));
    this.writes = new WriteBatcher(WRITE_ENTRIES_IN_FLIGHT, this::proposeBatch);
    this.admin = new GroupAdmin(server, groupId, selfId, this::division, this::leaderHint, submitter,
        () -> submitInternal(NO_OP));
  }

  /**
   * Warden's client and admin addresses travel in the replicated Raft configuration
   * (RaftPeer's client/admin address fields, unused by Ratis's Netty transport), so every server
   * can redirect clients to any member, including members added later.
   */
  private static RaftPeer toRaftPeer(PeerConfig peer) {
    return RaftPeer.newBuilder()
        .setId(peer.id())
        .setAddress(peer.raft().toString())
        .setClientAddress(peer.client().toString())
        .setAdminAddress(peer.admin().toString())
        .build();
  }

  public void start() throws IOException {
    server.start();
  }

  /**
   * Submits a client's write, made by {@code call}; the future always completes with a result,
   * errors included.
   */
  public CompletableFuture<CommandResult> submit(ClientCall call, Command command) {
    return writes.submit(command.toBuilder().setCall(call).build());
  }

  /** Submits a command the server itself decided on (marker, expiry). */
  public CompletableFuture<CommandResult> submitInternal(Command command) {
    return propose(command, submitter).handle((reply, failure) -> failure == null
        ? Submission.fromReply(reply, this::leaderHint)
        : Submission.fromFailure(failure, this::leaderHint));
  }

  private CompletableFuture<List<CommandResult>> proposeBatch(Command batch) {
    return propose(batch, batchProposer).handle((reply, failure) -> failure == null
        ? Submission.fromBatchReply(reply, this::leaderHint)
        : List.of(Submission.fromFailure(failure, this::leaderHint)));
  }

  private CompletableFuture<RaftClientReply> propose(Command command, ExecutorService executor) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(internalClientId)
        .setServerId(selfId)
        .setGroupId(groupId)
        .setCallId(internalCallId.incrementAndGet())
        .setMessage(Message.valueOf(ByteString.copyFrom(command.toByteArray())))
        .setType(RaftClientRequest.writeRequestType())
        .build();
    Duration timeout = config.requestTimeout();
    return CompletableFuture.supplyAsync(() -> submitToDivision(request), executor)
        .thenCompose(f -> f)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Hands {@code request} to the group's division on the calling thread. {@code
   * RaftServer#submitClientRequestAsync} would run the same synchronous part (retry cache,
   * {@code startTransaction}, log append) on a thread of Ratis's client pool while the caller waits,
   * so that Netty event loops never block. Warden's callers are its own proposer threads, and the
   * detour only cost wake-ups: the servers' context switches per contended handoff fell from 94-103
   * to 73 without it (BENCHMARKS.md, "Tuning"). Ratis 3.3's division implements the client
   * protocol; should a later version's not, the server's entry point is used.
   */
  private CompletableFuture<RaftClientReply> submitToDivision(RaftClientRequest request) {
    try {
      return server.getDivision(groupId) instanceof RaftClientAsynchronousProtocol division
          ? division.submitClientRequestAsync(request)
          : server.submitClientRequestAsync(request);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** NOT_LEADER (with where to go) or NO_LEADER, for requests refused before submission. */
  public CommandResult notLeaderResult() {
    return Submission.notLeader(leaderHint());
  }

  public boolean isLeader() {
    return info().isLeader();
  }

  /** Leader, and its first entry of the term has been applied: writes are accepted. */
  public boolean isLeaderReady() {
    DivisionInfo info = info();
    return info.isLeader() && info.isLeaderReady();
  }

  public long currentTerm() {
    return info().getCurrentTerm();
  }

  /** The current leader's id and client address, or null when none is known. */
  public LeaderHint leaderHint() {
    RaftPeerId leader = info().getLeaderId();
    if (leader == null) {
      return null;
    }
    return peers().stream()
        .filter(p -> p.getId().equals(leader))
        .findFirst()
        .map(p -> LeaderHint.newBuilder().setId(leader.toString()).setClientAddress(nullToEmpty(p.getClientAddress())).build())
        .orElse(null);
  }

  /** This server's view of itself and the group. */
  public ServerStatus status() {
    DivisionInfo info = info();
    ServerStatus.Builder status = ServerStatus.newBuilder()
        .setId(config.nodeId())
        .setRole(role(info))
        .setTerm(info.getCurrentTerm())
        .setLeaderId(info.getLeaderId() == null ? "" : info.getLeaderId().toString())
        .setCommitIndex(division().getRaftLog().getLastCommittedIndex())
        .setAppliedIndex(info.getLastAppliedIndex())
        .setClientAddress(config.self().client().toString())
        .setAdminAddress(config.self().admin().toString())
        .setClusterId(config.clusterId().toString());
    SnapshotInfo snapshot = stateMachine.getLatestSnapshot();
    status.setSnapshotIndex(snapshot == null ? 0 : snapshot.getIndex());
    for (RaftPeer peer : peers()) {
      status.addPeers(GroupAdmin.toPeerInfo(peer));
    }
    return status.build();
  }

  /** This server's contact with its group right now (see {@link GroupContact}); cheap, local only. */
  public GroupContact contact() {
    RaftServer.Division division = division();
    DivisionInfo info = division.getInfo();
    Collection<RaftPeer> voters = division.getRaftConf().getCurrentPeers();
    Set<RaftPeerId> voterIds = voters.stream().map(RaftPeer::getId).collect(Collectors.toSet());
    RoleInfoProto roleInfo = info.getRoleInfoProto();
    OptionalLong sinceLeader = roleInfo.hasFollowerInfo() && roleInfo.getFollowerInfo().hasLeaderInfo()
        ? OptionalLong.of(roleInfo.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs())
        : OptionalLong.empty();
    // Ratis reports, per follower, the time since that follower last *answered* the leader: a
    // leader cut off from the group still sends heartbeats but hears nothing back.
    List<Long> sinceReplies = !roleInfo.hasLeaderInfo() ? List.of() : roleInfo.getLeaderInfo().getFollowerInfoList().stream()
        .filter(f -> voterIds.contains(RaftPeerId.valueOf(f.getId().getId())))
        .map(ServerRpcProto::getLastRpcElapsedTimeMs)
        .toList();
    RaftPeerId leader = info.getLeaderId();
    return new GroupContact(role(info), voterIds.contains(selfId), voters.size(),
        leader == null ? null : leader.toString(), info.isLeader() && info.isLeaderReady(), sinceLeader, sinceReplies);
  }

  private static Role role(DivisionInfo info) {
    return switch (info.getCurrentRole()) {
      case LEADER -> Role.LEADER;
      case FOLLOWER -> Role.FOLLOWER;
      case CANDIDATE -> Role.CANDIDATE;
      case LISTENER -> Role.LISTENER;
      default -> Role.ROLE_UNSPECIFIED;
    };
  }

  private List<RaftPeer> peers() {
    return List.copyOf(division().getRaftConf().getCurrentPeers());
  }

  private DivisionInfo info() {
    return division().getInfo();
  }

  /** The Ratis division of Warden's group on this server. */
  public RaftServer.Division division() {
    try {
      return server.getDivision(groupId);
    } catch (IOException e) {
      throw new IllegalStateException("Warden's Raft group " + groupId + " is not on this server", e);
    }
  }

  /** Snapshot, leadership transfer, membership changes (leader only). */
  public GroupAdmin admin() {
    return admin;
  }

  public RaftServer raftServer() {
    return server;
  }

  public UUID clusterId() {
    return config.clusterId();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    AtomicLong counter = new AtomicLong();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void close() throws IOException {
    try {
      server.close();
    } finally {
      submitter.shutdownNow();
      batchProposer.shutdownNow();
    }
  }
}
