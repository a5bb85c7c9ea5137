package io.warden.server.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recorded ownership of every data node of a test, on one clock: when each started and
 * stopped serving each partition, with which token.
 */
final class OwnershipLog {
  record Interval(String nodeId, int partition, long token, long startNanos, long endNanos) {}

  private final Map<String, Long> open = new HashMap<>();
  private final List<Interval> closed = new ArrayList<>();
  private final List<Interval> started = new ArrayList<>();

  synchronized void start(String nodeId, int partition, long token) {
    long now = System.nanoTime();
    open.put(key(nodeId, partition, token), now);
    started.add(new Interval(nodeId, partition, token, now, Long.MAX_VALUE));
  }

  synchronized void end(String nodeId, int partition, long token) {
    Long start = open.remove(key(nodeId, partition, token));
    if (start != null) {
      closed.add(new Interval(nodeId, partition, token, start, System.nanoTime()));
    }
  }

  /** No partition was ever served by two nodes at once, and its tokens strictly increase. */
  synchronized void assertNoOverlapAndIncreasingTokens() {
    Map<Integer, List<Interval>> byPartition = new HashMap<>();
    for (Interval interval : closed) {
      byPartition.computeIfAbsent(interval.partition(), p -> new ArrayList<>()).add(interval);
    }
    for (Map.Entry<String, Long> entry : open.entrySet()) {
      String[] parts = entry.getKey().split("#");
      Interval interval = new Interval(parts[0], Integer.parseInt(parts[1]), Long.parseLong(parts[2]), entry.getValue(),
          Long.MAX_VALUE);
      byPartition.computeIfAbsent(interval.partition(), p -> new ArrayList<>()).add(interval);
    }
    for (List<Interval> intervals : byPartition.values()) {
      intervals.sort((a, b) -> Long.compare(a.startNanos(), b.startNanos()));
      for (int i = 1; i < intervals.size(); i++) {
        Interval before = intervals.get(i - 1);
        Interval after = intervals.get(i);
        assertThat(after.startNanos()).as("%s overlaps %s", after, before).isGreaterThanOrEqualTo(before.endNanos());
        assertThat(after.token()).as("%s after %s", after, before).isGreaterThan(before.token());
      }
    }
  }

  synchronized int acquisitions() {
    return started.size();
  }

  private static String key(String nodeId, int partition, long token) {
    return nodeId + "#" + partition + "#" + token;
  }
}
