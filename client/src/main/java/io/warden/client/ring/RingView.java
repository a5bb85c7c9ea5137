package io.warden.client.ring;

import io.warden.client.WardenUnavailableException;
import io.warden.protocol.client.ClientMessage;
import io.warden.protocol.client.DescribePartitionReply;
import io.warden.protocol.client.DescribePartitionRequest;
import io.warden.protocol.client.GetRingRequest;
import io.warden.protocol.client.MemberInfo;
import io.warden.protocol.client.PartitionInfo;
import io.warden.protocol.client.RingReply;
import io.warden.protocol.client.RingChanged;
import io.warden.protocol.client.WatchRingRequest;
import io.warden.protocol.command.MemberState;
import io.warden.protocol.command.PartitionState;
import io.warden.protocol.ring.PartitionHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The ring as this client sees it: which partition a key is in ({@link #partitionOf}), and who owns
 * it. {@link #ownerOf(String)} answers from a local copy of the assignment table, kept current by a
 * watch the leader pushes to (list-then-watch, resumed by log index after a reconnect), in well
 * under a microsecond and without the network; {@link #ownerOf(String, ReadConsistency)} with
 * {@link ReadConsistency#LINEARIZABLE} asks the leader.
 *
 * <p>The local copy may trail the cluster by the time a push takes. A data node must therefore
 * never decide from it that it owns a partition: that is what {@link Membership} and its tokens
 * are for.
 */
public final class RingView {
  /** The table at one log index; replaced whole, never changed in place. */
  private record Table(long index, long epoch, PartitionOwner[] partitions) {}

  private final RingClient client;
  private final CompletableFuture<Void> firstTable = new CompletableFuture<>();
  private final CopyOnWriteArrayList<LongConsumer> epochListeners = new CopyOnWriteArrayList<>();
  private volatile Table table = new Table(0, 0, new PartitionOwner[0]);

  RingView(RingClient client) {
    this.client = client;
  }

  /** Asks the leader to push the table and its changes here; again after each lost connection. */
  void watch() {
    client.callLeader(ClientMessage.newBuilder().setWatchRing(WatchRingRequest.getDefaultInstance()).build())
        .whenComplete((reply, failure) -> {
          if (failure != null && !firstTable.isDone()) {
            firstTable.completeExceptionally(failure);
          }
        });
  }

  /** Waits for the first table, at most {@code timeoutMillis}. */
  void awaitTable(long timeoutMillis) {
    try {
      firstTable.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WardenUnavailableException("interrupted while waiting for the ring table");
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new WardenUnavailableException("the ring table did not arrive within " + timeoutMillis + " ms: " + e);
    }
  }

  synchronized void onRingChanged(long index, RingChanged changed) {
    Table current = table;
    if (index <= current.index() && !(changed.getFull() && current.partitions().length == 0)) {
      return;  // already reflected: a re-sent table or change
    }
    PartitionOwner[] next;
    if (changed.getFull() || (current.partitions().length == 0 && changed.getPartitions() > 0)) {
      // A whole table, or the change that lays the ring out for a view opened before any join.
      next = new PartitionOwner[changed.getPartitions()];
    } else {
      next = Arrays.copyOf(current.partitions(), current.partitions().length);
    }
    for (PartitionInfo info : changed.getChangedList()) {
      if (info.getPartition() >= 0 && info.getPartition() < next.length) {
        next[info.getPartition()] = owner(info, changed.getEpoch(), index);
      }
    }
    long previousEpoch = current.epoch();
    table = new Table(index, changed.getEpoch(), next);
    if (changed.getFull() || next.length > 0) {
      firstTable.complete(null);
    }
    if (changed.getEpoch() != previousEpoch) {
      long epoch = changed.getEpoch();
      for (LongConsumer listener : epochListeners) {
        client.callbacks().execute(() -> listener.accept(epoch));
      }
    }
  }

  /** The number of partitions P; 0 until the first data node joined the cluster. */
  public int partitions() {
    return table.partitions().length;
  }

  /** The ring epoch of the local table (the log index of the last membership change). */
  public long epoch() {
    return table.epoch();
  }

  /** The log index the local table reflects. */
  public long index() {
    return table.index();
  }

  /** The partition of {@code key}: {@link PartitionHash#partition(String, int)} with this cluster's P. */
  public int partitionOf(String key) {
    return PartitionHash.partition(key, requirePartitions());
  }

  /** The partition of the binary key {@code key}. */
  public int partitionOf(byte[] key) {
    return PartitionHash.partition(key, requirePartitions());
  }

  /** The node that owns {@code key}'s partition, from the local table; empty if none does. */
  public Optional<String> ownerOf(String key) {
    PartitionOwner[] partitions = table.partitions();
    if (partitions.length == 0) {
      return Optional.empty();
    }
    PartitionOwner owner = partitions[PartitionHash.partition(key, partitions.length)];
    return owner == null || owner.owner().isEmpty() ? Optional.empty() : Optional.of(owner.owner());
  }

  /** {@code key}'s partition assignment, from the local table or from the leader. */
  public PartitionOwner ownerOf(String key, ReadConsistency consistency) {
    if (consistency == ReadConsistency.LOCAL) {
      return assignment(partitionOf(key));
    }
    int partition = partitionOf(key);
    DescribePartitionReply reply = client.await(client.callLeader(ClientMessage.newBuilder()
        .setDescribePartition(DescribePartitionRequest.newBuilder().setPartition(partition)).build()),
        "DescribePartition").response().getDescribePartition();
    return owner(reply.getPartition(), reply.getEpoch(), reply.getIndex());
  }

  /** {@code key}'s replica list, target owner first, from the local table. */
  public List<String> replicasOf(String key) {
    return assignment(partitionOf(key)).replicas();
  }

  /** Partition {@code partition}'s assignment in the local table. */
  public PartitionOwner assignment(int partition) {
    Table current = table;
    PartitionOwner owner = current.partitions()[partition];
    return owner != null ? owner
        : new PartitionOwner(partition, "", 0, false, List.of(), current.epoch(), current.index());
  }

  /** Calls {@code listener} with each new epoch, on the client's callback thread. */
  public void addEpochListener(LongConsumer listener) {
    epochListeners.add(listener);
  }

  public void removeEpochListener(LongConsumer listener) {
    epochListeners.remove(listener);
  }

  private int requirePartitions() {
    int partitions = table.partitions().length;
    if (partitions == 0) {
      throw new IllegalStateException("the ring has no partitions yet: no data node has joined the cluster");
    }
    return partitions;
  }

  /** The whole ring and its members, asked of the leader (linearizable). */
  public RingDescription describe() {
    RingReply reply = client.await(client.callLeader(ClientMessage.newBuilder()
        .setGetRing(GetRingRequest.getDefaultInstance()).build()), "GetRing").response().getGetRing();
    List<PartitionOwner> assignments = new ArrayList<>(reply.getAssignmentsCount());
    for (PartitionInfo info : reply.getAssignmentsList()) {
      assignments.add(owner(info, reply.getEpoch(), reply.getIndex()));
    }
    List<RingMember> members = new ArrayList<>(reply.getMembersCount());
    for (MemberInfo member : reply.getMembersList()) {
      members.add(new RingMember(member.getNodeId(), member.getAddress(), member.getZone(), member.getWeight(),
          member.getSessionId(), member.getJoinedIndex(), member.getState() == MemberState.LEAVING,
          member.getOwned()));
    }
    return new RingDescription(reply.getEpoch(), reply.getPartitions(), assignments, members, reply.getIndex());
  }

  private static PartitionOwner owner(PartitionInfo info, long epoch, long index) {
    return new PartitionOwner(info.getPartition(), info.getOwner(), info.getToken(),
        info.getState() == PartitionState.HANDOFF, info.getReplicasList(), epoch, index);
  }
}
