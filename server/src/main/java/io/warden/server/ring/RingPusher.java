package io.warden.server.ring;

import io.netty.channel.Channel;
import io.warden.protocol.client.Event;
import io.warden.protocol.client.PartitionAcquired;
import io.warden.protocol.client.PartitionReleaseRequested;
import io.warden.protocol.client.RingChanged;
import io.warden.protocol.client.ServerMessage;
import io.warden.protocol.command.PartitionRecord;
import io.warden.protocol.command.RingConfig;
import io.warden.server.rpc.ConnectionRegistry;
import io.warden.statemachine.apply.ApplyEvent;
import io.warden.statemachine.ratis.StateMachineListener;
import io.warden.statemachine.ratis.WardenStateMachine;
import io.warden.statemachine.ring.RingTable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pushes ownership changes to the owner's session connection, and ring changes to watching
 * connections.
 *
 * <p>A watch starts with the whole table, read and written under the same lock as the pushes of
 * applied entries, so on each watching connection the table comes first and every later change
 * after it, in log order; a change the table already holds arrives with an index at most the
 * table's and the client skips it.
 */
public final class RingPusher implements StateMachineListener {
  private final WardenStateMachine stateMachine;
  private final ConnectionRegistry connections;
  private final Set<Channel> watchers = ConcurrentHashMap.newKeySet();
  /** P, fixed by the first join: 0 until then, read from the store once known. */
  private int partitions;

  public RingPusher(WardenStateMachine stateMachine, ConnectionRegistry connections) {
    this.stateMachine = stateMachine;
    this.connections = connections;
  }

  @Override
  public synchronized void onApplied(long index, List<ApplyEvent> events) {
    for (ApplyEvent event : events) {
      if (event instanceof ApplyEvent.PartitionAcquired acquired) {
        connections.push(acquired.sessionId(), acquiredEvent(index, acquired.nodeId(), acquired.sessionId(),
            acquired.partition(), acquired.token(), acquired.epoch()));
      } else if (event instanceof ApplyEvent.PartitionReleaseRequested requested) {
        connections.push(requested.sessionId(), releaseEvent(index, requested.nodeId(), requested.sessionId(),
            requested.partition(), requested.token(), requested.epoch()));
      } else if (event instanceof ApplyEvent.RingChanged changed && !watchers.isEmpty()) {
        // P travels with every change: a watcher that subscribed before the first join has an
        // empty table and learns the ring's size from the change that lays it out.
        RingChanged.Builder body = RingChanged.newBuilder().setEpoch(changed.epoch()).setPartitions(partitions());
        changed.changed().forEach(record -> body.addChanged(RingViews.partition(record)));
        ServerMessage message = ServerMessage.newBuilder()
            .setEvent(Event.newBuilder().setIndex(index).setRingChanged(body)).build();
        for (Channel channel : watchers) {
          if (channel.isActive()) {
            channel.writeAndFlush(message);
          }
        }
      }
    }
  }

  /** A follower installed a snapshot: watchers get the whole table again. */
  @Override
  public synchronized void onStateReloaded(long index) {
    for (Channel channel : watchers) {
      sendTable(channel);
    }
  }

  /** Starts pushing ring changes to {@code channel}, beginning with the whole table. */
  public synchronized void watch(Channel channel) {
    if (watchers.add(channel)) {
      channel.closeFuture().addListener(closed -> watchers.remove(channel));
    }
    sendTable(channel);
  }

  /** Connections watching the ring. */
  public int watcherCount() {
    return watchers.size();
  }

  private int partitions() {
    if (partitions == 0) {
      partitions = stateMachine.read(reader -> RingTable.config(reader).map(RingConfig::getPartitions).orElse(0));
    }
    return partitions;
  }

  private void sendTable(Channel channel) {
    Event event = stateMachine.read(reader -> {
      RingChanged.Builder body = RingChanged.newBuilder().setFull(true).setEpoch(RingTable.epoch(reader))
          .setPartitions(RingTable.config(reader).map(RingConfig::getPartitions).orElse(0));
      for (PartitionRecord record : RingTable.partitions(reader)) {
        body.addChanged(RingViews.partition(record));
      }
      return Event.newBuilder().setIndex(stateMachine.appliedIndex()).setRingChanged(body).build();
    });
    channel.writeAndFlush(ServerMessage.newBuilder().setEvent(event).build());
  }

  static Event acquiredEvent(long index, String nodeId, long sessionId, int partition, long token, long epoch) {
    return Event.newBuilder().setIndex(index).setPartitionAcquired(PartitionAcquired.newBuilder()
        .setNodeId(nodeId).setSessionId(sessionId).setPartition(partition).setToken(token).setEpoch(epoch)).build();
  }

  static Event releaseEvent(long index, String nodeId, long sessionId, int partition, long token, long epoch) {
    return Event.newBuilder().setIndex(index).setPartitionReleaseRequested(PartitionReleaseRequested.newBuilder()
        .setNodeId(nodeId).setSessionId(sessionId).setPartition(partition).setToken(token).setEpoch(epoch)).build();
  }
}
