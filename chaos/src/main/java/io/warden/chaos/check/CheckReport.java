package io.warden.chaos.check;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the checker found.
 *
 * @param anomalies everything that must not happen and did; empty for a clean history
 * @param ops operations invoked by workers, data nodes and the observer, plus the data nodes'
 *     ownership events (acquires and releases of partitions)
 * @param counts completions by {@code f.type}, e.g. {@code acquire.ok}, {@code write.fail}, {@code
 *     join.ok}; ownership events as {@code partition.acquire} and {@code partition.release}
 * @param lateWritesAccepted writes the register received after their writer's lease had run out
 *     and still accepted, because no newer holder had written yet (what fencing tokens allow)
 * @param lateWritesFenced writes received after their writer's lease had run out and rejected
 * @param reads linearizable reads of locks checked against the history
 * @param ringReads linearizable reads of the ring checked against the history
 * @param faults faults begun, by kind
 * @param recoveries per heal, the time until every lock was acquired again
 */
public record CheckReport(
    List<Anomaly> anomalies,
    int ops,
    Map<String, Integer> counts,
    int lateWritesAccepted,
    int lateWritesFenced,
    int reads,
    int ringReads,
    Map<String, Integer> faults,
    List<Recovery> recoveries) {

  public CheckReport {
    anomalies = List.copyOf(anomalies);
    counts = Map.copyOf(counts);
    faults = Map.copyOf(faults);
    recoveries = List.copyOf(recoveries);
  }

  /** The longest measured recovery, if any heal was measured. */
  public OptionalLong longestRecoveryNanos() {
    return recoveries.stream().filter(r -> !r.censored()).mapToLong(Recovery::nanos).max();
  }

  public int count(String f, String type) {
    return counts.getOrDefault(f + "." + type, 0);
  }
}
