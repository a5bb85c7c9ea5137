package io.warden.bench;

import io.warden.client.ring.PartitionOwner;
import io.warden.client.ring.ReadConsistency;
import io.warden.client.ring.RingView;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code ownership} (Warden only): how fast a client finds a key's owner. On a steady ring
 * ({@code members} bench data nodes joined and settled, P as the cluster is configured, 1024 by
 * default) it measures
 * <ul>
 *   <li>local lookups, {@code RingView.ownerOf(key)} from the client's copy of the table: ns per
 *       lookup and lookups/s on one thread, then on {@code lookupThreads} threads sharing the view
 *       ({@link LookupTimer}, a warmed-up loop, not JMH);
 *   <li>linearizable lookups, {@code ownerOf(key, LINEARIZABLE)} asked of the leader by C threads
 *       on the common clock of the lock workloads: lookups/s and latency percentiles.
 * </ul>
 * Keys are {@link #KEYS} strings like {@code user-2654435761}, cycled.
 */
public final class OwnershipWorkload {
  /** Distinct keys looked up (a power of two). */
  static final int KEYS = 4096;
  /** Timed iterations per local measurement: their median is the reported ns per lookup. */
  static final int ITERATIONS = 10;

  private final RunSettings settings;
  private final Connections connections;
  private final Supplier<List<Long>> serverPids;
  private final int members;
  private final int lookupThreads;

  /**
   * @param members data nodes joined before measuring
   * @param lookupThreads threads of the shared-view local measurement
   */
  public OwnershipWorkload(RunSettings settings, Connections connections, Supplier<List<Long>> serverPids,
                           int members, int lookupThreads) {
    this.settings = settings;
    this.connections = connections;
    this.serverPids = serverPids;
    this.members = members;
    this.lookupThreads = lookupThreads;
  }

  /** Runs the workload and returns its result line. */
  public ResultLine run() throws Exception {
    try (BenchRing ring = new BenchRing(settings, connections.open())) {
      ring.grow(members);
      RingView view = BenchRing.routerView(connections);
      awaitView(view, ring.target().placement());
      String[] keys = keys();

      LookupTimer timer = new LookupTimer(view::ownerOf, keys);
      LookupTimer.Result one = timer.run(1, settings.warmup(), settings.duration(), ITERATIONS);
      LookupTimer.Result many = timer.run(lookupThreads, settings.warmup(), settings.duration(), ITERATIONS);

      WorkerRun.Outcome o = linearizable(keys);
      WorkerStats all = o.merged();
      double secs = o.window().seconds();
      ResultLine line = settings.head("ownership")
          .put("partitions", view.partitions())
          .put("members", members)
          .put("keys", KEYS)
          .put("local_method", "warmed-up loop")
          .put("local_ns", ResultLine.round(one.nsPerLookup(), 1))
          .put("local_ns_min", ResultLine.round(one.nsPerLookupMin(), 1))
          .put("local_per_s", Math.round(one.lookupsPerSecond()))
          .put("local_threads", many.threads())
          .put("local_threads_ns", ResultLine.round(many.nsPerLookup(), 1))
          .put("local_threads_per_s", Math.round(many.lookupsPerSecond()))
          .put("linearizable_lookups", all.cycles)
          .put("linearizable_per_s", ResultLine.round(all.cycles / secs, 1))
          .percentiles("linearizable", all.cycle, true)
          .put("max_ms", ResultLine.ms(all.cycle.getMaxValue()))
          .put("overlaps", ring.tracker().overlaps());
      settings.tail(line, all.errors, 0);
      CpuSample.report(o.start(), null, o.end(), line);
      settings.finish(line);
      return line;
    }
  }

  /** C threads loop {@code ownerOf(key, LINEARIZABLE)}, each over the keys from its own offset. */
  private WorkerRun.Outcome linearizable(String[] keys) throws Exception {
    RingView[] views = new RingView[settings.clients()];
    WorkerRun run = new WorkerRun(settings.clients(), settings.warmup(), settings.duration(), serverPids);
    return run.run(
        id -> views[id] = connections.forThread(id).ring(),
        (id, st) -> {
          Window w = run.window();
          int i = id * 131;
          while (!run.stopped()) {
            long s = System.nanoTime();
            try {
              views[id].ownerOf(keys[i++ & (KEYS - 1)], ReadConsistency.LINEARIZABLE);
              long e = System.nanoTime();
              if (w.countsCycle(s, e)) {
                WorkerStats.record(st.cycle, e - s);
                st.cycles++;
              }
            } catch (RuntimeException ex) {
              run.error(st, ex);
            }
          }
        },
        null);
  }

  /**
   * Waits until the client's local table shows the settled placement: the local lookups must see
   * the steady ring, not one still being filled in by pushes.
   */
  private static void awaitView(RingView view, Map<Integer, String> target) throws InterruptedException {
    long deadline = System.nanoTime() + BenchRing.SETTLE_TIMEOUT.toNanos();
    String mismatch;
    while ((mismatch = mismatch(view, target)) != null) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the client's ring view did not catch up with the settled ring: " + mismatch);
      }
      Thread.sleep(10); // the view has no change listener per partition; a short poll is enough here
    }
  }

  /** Where the view differs from {@code target}, or {@code null} if it does not. */
  private static String mismatch(RingView view, Map<Integer, String> target) {
    if (view.partitions() != target.size()) {
      return "it has " + view.partitions() + " partitions, the leader " + target.size();
    }
    for (Map.Entry<Integer, String> e : target.entrySet()) {
      PartitionOwner local = view.assignment(e.getKey());
      if (!e.getValue().equals(local.owner())) {
        return "partition " + e.getKey() + " is " + local + " locally, owned by " + e.getValue() + " on the leader";
      }
    }
    return null;
  }

  /** {@link #KEYS} distinct keys of realistic length, the same in every run. */
  static String[] keys() {
    String[] keys = new String[KEYS];
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "user-" + ((i + 1) * 2654435761L & 0xFFFFFFFFL);
    }
    return keys;
  }
}
