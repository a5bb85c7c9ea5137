package io.warden.bench;

import io.warden.client.ring.RingView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.ToLongFunction;

/**
 * {@code rebalance} (Warden only): how long a membership change takes to settle and how much it
 * moves. On a steady ring of {@code members} bench data nodes, each round joins one more node
 * (k → k+1) and then has it leave (k+1 → k). For each change:
 * <ul>
 *   <li>{@code settle}: from the Join / Leave call until every partition is served by its new
 *       target owner, as the data nodes' {@code onAcquire} / {@code onRelease} callbacks say (each
 *       moved partition: release request to the old owner, its ack, the grant to the new one);
 *   <li>{@code request}: until the Join / Leave call returned (the change applied);
 *   <li>{@code epoch_seen}: until a routing client's ring view announced the new epoch;
 *   <li>{@code moved}: partitions whose owner changed; {@code moved_minimum}: the fewest any
 *       placement could move given the new node's share (join) or the leaver's partitions (leave).
 * </ul>
 * One line per kind of change, with the median and maximum over the rounds.
 */
public final class RebalanceWorkload {
  private final RunSettings settings;
  private final Connections connections;
  private final int members;
  private final int rounds;

  /**
   * @param members data nodes in the steady ring (k)
   * @param rounds join + leave pairs measured
   */
  public RebalanceWorkload(RunSettings settings, Connections connections, int members, int rounds) {
    this.settings = settings;
    this.connections = connections;
    this.members = members;
    this.rounds = rounds;
  }

  /** One round's measurement of one change. */
  record Change(long requestNanos, long settleNanos, long epochSeenNanos, int moved, int movedMinimum,
                long acquires) {}

  /** Runs the rounds and returns the join line and the leave line. */
  public List<ResultLine> run() throws Exception {
    ConcurrentLinkedQueue<long[]> epochs = new ConcurrentLinkedQueue<>();
    List<Change> joins = new ArrayList<>();
    List<Change> leaves = new ArrayList<>();
    int partitions;
    long overlaps;
    try (BenchRing ring = new BenchRing(settings, connections.open())) {
      ring.grow(members);
      RingView view = BenchRing.routerView(connections);
      view.addEpochListener(epoch -> epochs.add(new long[] {epoch, System.nanoTime()}));
      partitions = view.partitions();
      for (int r = 1; r <= rounds; r++) {
        DataNode extra = ring.open("bench-dn-" + (members + 1) + "-r" + r);
        joins.add(measure(ring, epochs, extra.id(), () -> extra.join(BenchRing.zoneOf(members + 1))));
        leaves.add(measure(ring, epochs, extra.id(), () -> {
          if (!extra.leave(BenchRing.SETTLE_TIMEOUT)) {
            throw new IllegalStateException(extra.id() + " did not release everything in time");
          }
        }));
        ring.close(extra);
      }
      overlaps = ring.tracker().overlaps();
    }
    return List.of(report("join", members, members + 1, partitions, joins, overlaps),
        report("leave", members + 1, members, partitions, leaves, overlaps));
  }

  /** Times {@code change} (a join or leave of {@code node}) until the ring has settled. */
  private static Change measure(BenchRing ring, ConcurrentLinkedQueue<long[]> epochs, String node, Runnable change)
      throws InterruptedException {
    OwnershipTracker tracker = ring.tracker();
    Map<Integer, String> before = tracker.serving();
    long acquires0 = tracker.acquires();
    long t0 = System.nanoTime();
    change.run();
    long applied = System.nanoTime();
    BenchRing.Settled after = ring.awaitSettled();
    long epochSeen = epochs.stream().filter(e -> e[0] >= after.epoch() && e[1] >= t0)
        .mapToLong(e -> e[1]).min().orElse(-1);
    return new Change(applied - t0, after.atNanos() - t0, epochSeen < 0 ? -1 : epochSeen - t0,
        moved(before, after.placement()), movedMinimum(node, before, after.placement()),
        tracker.acquires() - acquires0);
  }

  /** Partitions whose owner differs between two placements. */
  static int moved(Map<Integer, String> before, Map<Integer, String> after) {
    int moved = 0;
    for (Map.Entry<Integer, String> e : after.entrySet()) {
      if (!Objects.equals(before.get(e.getKey()), e.getValue())) {
        moved++;
      }
    }
    return moved;
  }

  /**
   * The fewest moves that could give {@code node} its new share (it joined) or take its old
   * partitions away (it left): every partition it gains or loses must move, nothing else need.
   */
  static int movedMinimum(String node, Map<Integer, String> before, Map<Integer, String> after) {
    long gained = after.values().stream().filter(node::equals).count();
    long lost = before.values().stream().filter(node::equals).count();
    return (int) Math.max(gained, lost);
  }

  private ResultLine report(String change, int from, int to, int partitions, List<Change> runs, long overlaps) {
    ResultLine line = new ResultLine()
        .put("system", "warden")
        .put("workload", "rebalance")
        .put("change", change)
        .put("partitions", partitions)
        .put("members_before", from)
        .put("members_after", to)
        .put("rounds", runs.size())
        .put("settle_p50_ms", ResultLine.ms(median(runs, Change::settleNanos)))
        .put("settle_max_ms", ResultLine.ms(runs.stream().mapToLong(Change::settleNanos).max().orElse(0)))
        .put("request_p50_ms", ResultLine.ms(median(runs, Change::requestNanos)))
        .put("epoch_seen_p50_ms", ResultLine.ms(median(runs, Change::epochSeenNanos)))
        .put("moved", median(runs, c -> c.moved()))
        .put("moved_minimum", median(runs, c -> c.movedMinimum()))
        .put("grants", runs.stream().mapToLong(Change::acquires).sum())
        .put("overlaps", overlaps)
        .put("settle_ms_runs", runs.stream().map(c -> ResultLine.ms(c.settleNanos())).toList())
        .put("moved_runs", runs.stream().map(Change::moved).toList())
        .put("session_timeout_ms", settings.sessionTtl().toMillis())
        .put("nproc", Runtime.getRuntime().availableProcessors());
    settings.finish(line);
    return line;
  }

  /** The median (lower middle for an even count) of one figure over the rounds. */
  static long median(List<Change> runs, ToLongFunction<Change> figure) {
    long[] v = runs.stream().mapToLong(figure).sorted().toArray();
    return v.length == 0 ? 0 : v[(v.length - 1) / 2];
  }
}
