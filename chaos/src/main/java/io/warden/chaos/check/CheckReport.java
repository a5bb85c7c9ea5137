package io.warden.chaos.check;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What the checker found.
 *
 * @param anomalies everything that must not happen and did; empty for a clean history
 * @param ops operations invoked by workers and the observer
 * @param counts completions by {@code f.type}, e.g. {@code acquire.ok}, {@code write.fail}
 * @param lateWritesAccepted writes the register received after their writer's lease had run out
 *     and still accepted, because no newer holder had written yet (what fencing tokens allow)
 * @param lateWritesFenced writes received after their writer's lease had run out and rejected
 * @param reads linearizable reads checked against the history
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
