package io.warden.bench;

import io.warden.client.WardenClient;
import io.warden.client.ring.RingView;
import io.warden.client.ring.PartitionOwner;
import io.warden.client.ring.RingDescription;
import io.warden.client.ring.RingMember;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ring the ownership and rebalance workloads run on: bench data nodes ({@link DataNode}) that
 * join and leave, the {@link OwnershipTracker} they report to, and the leader's view of the target
 * placement. It refuses a cluster whose ring already has other members, so every partition's owner
 * is one of its nodes and the tracker sees the whole ring.
 */
final class BenchRing implements AutoCloseable {
  /** How long a join or leave may take to settle before the run fails. */
  static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

  private final RunSettings settings;
  private final WardenClient admin;
  private final OwnershipTracker tracker = new OwnershipTracker();
  private final List<DataNode> nodes = new ArrayList<>();

  /** {@code admin} reads the ring from the leader; it is the caller's to close. */
  BenchRing(RunSettings settings, WardenClient admin) {
    this.settings = settings;
    this.admin = admin;
    List<RingMember> members = admin.ring().describe().members();
    if (!members.isEmpty()) {
      throw new IllegalStateException("the ring already has members " + members.stream().map(RingMember::nodeId)
          .toList() + ": the ring workloads need a cluster without data nodes (a fresh local quorum)");
    }
  }

  OwnershipTracker tracker() {
    return tracker;
  }

  /** Data nodes in the ring now. */
  int size() {
    return nodes.size();
  }

  /** Starts data node {@code id} (client, session) without joining it. */
  DataNode open(String id) {
    DataNode node = new DataNode(id, settings.endpoints(), settings.opTimeout(), settings.sessionTtl(), tracker);
    nodes.add(node);
    return node;
  }

  /** Starts and joins {@code count} nodes one by one, each time until the ring has settled. */
  void grow(int count) throws InterruptedException {
    for (int i = 0; i < count; i++) {
      DataNode node = open("bench-dn-" + (nodes.size() + 1));
      node.join(zoneOf(nodes.size()));
      awaitSettled();
    }
  }

  /** The zone of the {@code n}-th node (1-based): three zones, round robin, as racks would be. */
  static String zoneOf(int n) {
    return "zone-" + ((n - 1) % 3 + 1);
  }

  /**
   * The ring view of a new routing client (one that is not a data node), opened once the ring has
   * members. Opened earlier, on a cluster where no node had joined yet, the view stays empty: it
   * starts from a full table with P = 0, and the pushed changes that follow the first join carry
   * partitions but not P, so {@code RingView} drops them until it is sent a full table again (after
   * a reconnect). Reported with the benchmark; the fix belongs in the client or in those pushes.
   */
  static RingView routerView(Connections connections) {
    return connections.open().ring();
  }

  /** Closes {@code node} (after it left, or to drop it by ending its session). */
  void close(DataNode node) {
    nodes.remove(node);
    node.close();
  }

  /**
   * The target placement the leader holds now: partition → target owner (the first replica). Once a
   * membership change is applied, this is where every partition ends up.
   */
  Settled target() {
    RingDescription ring = admin.ring().describe();
    Map<Integer, String> target = new HashMap<>();
    for (PartitionOwner p : ring.assignments()) {
      if (!p.replicas().isEmpty()) {
        target.put(p.partition(), p.replicas().get(0));
      }
    }
    return new Settled(ring.epoch(), target, 0);
  }

  /**
   * Waits until the data nodes serve exactly the leader's target placement; returns the target and
   * when it was reached (the last callback's time).
   */
  Settled awaitSettled() throws InterruptedException {
    Settled target = target();
    long at = tracker.awaitServing(target.placement(), SETTLE_TIMEOUT.toNanos());
    if (at < 0) {
      throw new IllegalStateException("the ring did not settle within " + SETTLE_TIMEOUT.toSeconds()
          + " s: the data nodes serve " + tracker.serving().size() + " partitions; "
          + target.placement().size() + " are placed");
    }
    return new Settled(target.epoch(), target.placement(), at);
  }

  /**
   * A placement.
   *
   * @param epoch the ring epoch it belongs to
   * @param placement partition → target owner
   * @param atNanos when the data nodes reached it ({@link System#nanoTime()}), 0 if not awaited
   */
  record Settled(long epoch, Map<Integer, String> placement, long atNanos) {}

  /** Closes every node left (their sessions end; the cluster drops their memberships). */
  @Override
  public void close() {
    nodes.parallelStream().forEach(DataNode::close);
    nodes.clear();
  }
}
