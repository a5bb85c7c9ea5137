package io.warden.server.ring;

import io.warden.protocol.client.DescribePartitionReply;
import io.warden.protocol.client.DescribePartitionRequest;
import io.warden.protocol.client.ErrorCode;
import io.warden.protocol.client.JoinRequest;
import io.warden.protocol.client.LeaveRequest;
import io.warden.protocol.client.ListMembersReply;
import io.warden.protocol.client.ReleasePartitionRequest;
import io.warden.protocol.client.Response;
import io.warden.protocol.client.RingReply;
import io.warden.protocol.command.Command;
import io.warden.protocol.command.Join;
import io.warden.protocol.command.Leave;
import io.warden.protocol.command.MemberRecord;
import io.warden.protocol.command.PartitionRecord;
import io.warden.protocol.command.ReleasePartition;
import io.warden.protocol.command.RingConfig;
import io.warden.server.config.RingSettings;
import io.warden.server.lease.LeadershipConfirmer;
import io.warden.server.raft.RaftNode;
import io.warden.server.rpc.Connection;
import io.warden.server.rpc.ConnectionRegistry;
import io.warden.server.rpc.Responses;
import io.warden.statemachine.ratis.WardenStateMachine;
import io.warden.statemachine.ring.RingTable;
import io.warden.statemachine.store.StoreReader;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Handles the ring requests of the client protocol on the leader. */
public final class RingRequests {
  private final RaftNode raft;
  private final WardenStateMachine stateMachine;
  private final LeadershipConfirmer confirmer;
  private final ConnectionRegistry connections;
  private final RingPusher pusher;
  private final RingResume resume;
  private final RingConfig ring;

  public RingRequests(RaftNode raft, WardenStateMachine stateMachine, LeadershipConfirmer confirmer,
                      ConnectionRegistry connections, RingPusher pusher, RingResume resume, RingSettings settings) {
    this.raft = raft;
    this.stateMachine = stateMachine;
    this.confirmer = confirmer;
    this.connections = connections;
    this.pusher = pusher;
    this.resume = resume;
    this.ring = settings.toProto();
  }

  public CompletableFuture<Response> join(Connection connection, long requestId, JoinRequest request) {
    // Bound before the command applies, so the grants it makes reach this connection.
    connections.bind(request.getSessionId(), connection.channel());
    Command command = Command.newBuilder().setJoin(Join.newBuilder()
        .setNodeId(request.getNodeId())
        .setAddress(request.getAddress())
        .setZone(request.getZone())
        .setWeight(request.getWeight() == 0 ? 1 : request.getWeight())
        .setSessionId(request.getSessionId())
        .setRing(ring)).build();
    return raft.submit(connection.call(requestId), command).thenApply(result -> {
      if (result.hasJoin()) {
        // Also after a Join that changed nothing: a data node whose earlier Join timed out (but
        // was applied) joins again, and must hear of the grants and release requests it missed.
        resume.resend(request.getSessionId(), connection.channel());
      }
      return Responses.of(requestId, result);
    });
  }

  /** Not bound to this connection: the release requests go where the member's events already go. */
  public CompletableFuture<Response> leave(Connection connection, long requestId, LeaveRequest request) {
    Command command = Command.newBuilder().setLeave(Leave.newBuilder()
        .setNodeId(request.getNodeId()).setSessionId(request.getSessionId())).build();
    return raft.submit(connection.call(requestId), command).thenApply(result -> Responses.of(requestId, result));
  }

  public CompletableFuture<Response> releasePartition(Connection connection, long requestId,
                                                      ReleasePartitionRequest request) {
    Command command = Command.newBuilder().setReleasePartition(ReleasePartition.newBuilder()
        .setPartition(request.getPartition()).setToken(request.getToken()).setSessionId(request.getSessionId()))
        .build();
    return raft.submit(connection.call(requestId), command).thenApply(result -> Responses.of(requestId, result));
  }

  /** Linearizable: the whole table and the members. */
  public CompletableFuture<Response> getRing(long requestId) {
    return confirmer.confirmPromptly().thenApply(confirmed -> {
      RingReply reply = stateMachine.read(reader -> {
        long index = stateMachine.appliedIndex();
        List<PartitionRecord> partitions = RingTable.partitions(reader);
        RingReply.Builder builder = header(reader, index);
        partitions.forEach(record -> builder.addAssignments(RingViews.partition(record)));
        addMembers(reader, partitions, builder::addMembers);
        return builder.build();
      });
      return Response.newBuilder().setRequestId(requestId).setGetRing(reply).build();
    }).exceptionally(failure -> Responses.notLeaderIfLeadershipLost(requestId, failure, raft));
  }

  /** Linearizable: the members and how many partitions each owns. */
  public CompletableFuture<Response> listMembers(long requestId) {
    return confirmer.confirmPromptly().thenApply(confirmed -> {
      ListMembersReply reply = stateMachine.read(reader -> {
        ListMembersReply.Builder builder = ListMembersReply.newBuilder()
            .setIndex(stateMachine.appliedIndex()).setEpoch(RingTable.epoch(reader));
        addMembers(reader, RingTable.partitions(reader), builder::addMembers);
        return builder.build();
      });
      return Response.newBuilder().setRequestId(requestId).setListMembers(reply).build();
    }).exceptionally(failure -> Responses.notLeaderIfLeadershipLost(requestId, failure, raft));
  }

  /** Linearizable: one partition's owner, token, state and replicas (ownerOf(key, LINEARIZABLE)). */
  public CompletableFuture<Response> describePartition(long requestId, DescribePartitionRequest request) {
    return confirmer.confirmPromptly().thenApply(confirmed -> stateMachine.read(reader -> {
      long index = stateMachine.appliedIndex();
      int partitions = RingTable.config(reader).map(RingConfig::getPartitions).orElse(0);
      int partition = request.getPartition();
      if (partitions == 0) {
        return Responses.error(requestId, ErrorCode.INVALID_ARGUMENT,
            "the ring has no partitions yet: no data node has joined");
      }
      if (partition < 0 || partition >= partitions) {
        return Responses.error(requestId, ErrorCode.INVALID_ARGUMENT,
            "partition " + partition + " does not exist: the ring has " + partitions);
      }
      DescribePartitionReply reply = DescribePartitionReply.newBuilder()
          .setPartition(RingViews.partition(RingTable.partition(reader, partition)))
          .setEpoch(RingTable.epoch(reader)).setPartitions(partitions).setIndex(index).build();
      return Response.newBuilder().setRequestId(requestId).setDescribePartition(reply).build();
    })).exceptionally(failure -> Responses.notLeaderIfLeadershipLost(requestId, failure, raft));
  }

  /** Starts pushing the table and its changes to this connection; answers with the ring's header. */
  public CompletableFuture<Response> watchRing(Connection connection, long requestId) {
    RingReply header = stateMachine.read(reader -> header(reader, stateMachine.appliedIndex()).build());
    pusher.watch(connection.channel());
    return CompletableFuture.completedFuture(Response.newBuilder().setRequestId(requestId).setWatchRing(header).build());
  }

  private static RingReply.Builder header(StoreReader reader, long index) {
    return RingReply.newBuilder().setIndex(index).setEpoch(RingTable.epoch(reader))
        .setPartitions(RingTable.config(reader).map(RingConfig::getPartitions).orElse(0));
  }

  private static void addMembers(StoreReader reader, List<PartitionRecord> partitions,
                                 java.util.function.Consumer<io.warden.protocol.client.MemberInfo> sink) {
    Map<String, Integer> owned = RingViews.ownedCounts(partitions);
    for (MemberRecord member : RingTable.members(reader)) {
      sink.accept(RingViews.member(member, owned.getOrDefault(member.getNodeId(), 0)));
    }
  }

}
