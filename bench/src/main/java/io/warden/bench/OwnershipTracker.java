package io.warden.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * Which bench data node serves which partition, as their {@code onAcquire} / {@code onRelease}
 * callbacks said: the data nodes' own view of the ring, the one a rebalance is complete in only
 * when every partition is served by its new owner. Also counts overlaps: a grant of a partition
 * that another node still serves (handoff without overlap says this never happens).
 */
public final class OwnershipTracker {
  private final Map<Integer, String> serving = new HashMap<>();
  private long lastChangeNanos = System.nanoTime();
  private long acquires;
  private long overlaps;

  /** {@code node} now serves {@code partition}. */
  public synchronized void acquired(String node, int partition) {
    String before = serving.put(partition, node);
    if (before != null && !before.equals(node)) {
      overlaps++;
    }
    acquires++;
    changed();
  }

  /** {@code node} stopped serving {@code partition}. */
  public synchronized void released(String node, int partition) {
    serving.remove(partition, node);
    changed();
  }

  /** Grants seen so far. */
  public synchronized long acquires() {
    return acquires;
  }

  /** Grants of a partition another node was serving: must stay 0. */
  public synchronized long overlaps() {
    return overlaps;
  }

  /** A copy of partition → serving node. */
  public synchronized Map<Integer, String> serving() {
    return new HashMap<>(serving);
  }

  /**
   * Waits until the nodes serve exactly {@code target} (partition → node) and returns when that
   * became true (the {@link System#nanoTime()} of the last callback), or -1 after {@code
   * timeoutNanos}.
   */
  public synchronized long awaitServing(Map<Integer, String> target, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (!serving.equals(target)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return -1;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return lastChangeNanos;
  }

  private void changed() {
    lastChangeNanos = System.nanoTime();
    notifyAll();
  }
}
