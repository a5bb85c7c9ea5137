package io.warden.server.ring;

import io.netty.channel.Channel;
import io.warden.protocol.client.Event;
import io.warden.protocol.client.ServerMessage;
import io.warden.protocol.command.MemberRecord;
import io.warden.protocol.command.PartitionRecord;
import io.warden.protocol.command.PartitionState;
import io.warden.server.lease.LeadershipConfirmer;
import io.warden.server.raft.RaftNode;
import io.warden.server.rpc.ConnectionRegistry;
import io.warden.statemachine.ratis.StateMachineListener;
import io.warden.statemachine.ratis.WardenStateMachine;
import io.warden.statemachine.ring.RingTable;
import java.util.ArrayList;
import java.util.List;

/**
 * List-then-watch for ownership (DESIGN §2): when a session's events start going to a new
 * connection, the member(s) of that session are sent what they own now — a
 * {@code PartitionAcquired} per owned partition and a {@code PartitionReleaseRequested} per
 * partition of theirs in HANDOFF — so a grant or a release request made while the data node was
 * reconnecting is not lost. Clients ignore grants they know, so re-sending is safe.
 */
public final class RingResume implements StateMachineListener {
  private final RaftNode raft;
  private final WardenStateMachine stateMachine;
  private final ConnectionRegistry connections;
  private final LeadershipConfirmer confirmer;

  public RingResume(RaftNode raft, WardenStateMachine stateMachine, ConnectionRegistry connections,
                    LeadershipConfirmer confirmer) {
    this.raft = raft;
    this.confirmer = confirmer;
    this.stateMachine = stateMachine;
    this.connections = connections;
    connections.onMove(this::sendOwnership);
  }

  /**
   * A server that becomes ready leader re-sends the ownership of every session already bound to
   * one of its connections (bound while it was a follower or still applying); its store is current
   * from this moment, which is why other times wait for readiness.
   */
  @Override
  public void onLeaderReady(long term) {
    connections.forEachBinding(this::sendConfirmed);
  }

  /** Sends {@code sessionId}'s current grants and pending release requests to {@code channel}. */
  public void resend(long sessionId, Channel channel) {
    sendConfirmed(sessionId, channel);
  }

  private void sendOwnership(long sessionId, Channel channel) {
    if (raft.isLeaderReady()) {
      sendConfirmed(sessionId, channel);
    }
  }

  /**
   * Sends the state only once leadership is confirmed after this call. A deposed leader that has
   * not noticed yet still reads as ready, and its store misses the moves the new leader made: sent
   * from there, old grants reached a data node as if current (chaos seed 20261127: five partitions
   * owned twice for up to 22 ms). A confirmed leader (by a marker, or within its read lease) is the
   * only leader, so no other leader made moves its store misses.
   */
  private void sendConfirmed(long sessionId, Channel channel) {
    confirmer.confirmPromptly().thenRun(() -> channel.eventLoop().execute(() -> sendCurrentOwnership(sessionId, channel)));
  }

  private void sendCurrentOwnership(long sessionId, Channel channel) {
    List<Event> events = stateMachine.read(reader -> {
      List<Event> out = new ArrayList<>();
      List<String> nodes = new ArrayList<>();
      for (MemberRecord member : RingTable.members(reader)) {
        if (member.getSessionId() == sessionId) {
          nodes.add(member.getNodeId());
        }
      }
      if (nodes.isEmpty()) {
        return out;
      }
      long epoch = RingTable.epoch(reader);
      long index = stateMachine.appliedIndex();
      for (PartitionRecord record : RingTable.partitions(reader)) {
        if (nodes.contains(record.getOwner())) {
          out.add(RingPusher.acquiredEvent(record.getToken(), record.getOwner(), sessionId, record.getPartition(),
              record.getToken(), epoch));
          if (record.getState() == PartitionState.HANDOFF) {
            out.add(RingPusher.releaseEvent(index, record.getOwner(), sessionId, record.getPartition(),
                record.getToken(), epoch));
          }
        }
      }
      return out;
    });
    for (Event event : events) {
      channel.write(ServerMessage.newBuilder().setEvent(event).build());
    }
    channel.flush();
  }
}
