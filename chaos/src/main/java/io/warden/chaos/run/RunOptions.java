package io.warden.chaos.run;

import io.warden.chaos.nemesis.FaultKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to run.
 *
 * @param wardenHome the checkout: {@code server/target}, {@code chaos/target} and {@code conf/}
 *     are taken from it
 * @param workDir where the run's folder is made
 * @param duration how long faults are injected (setup and the final checks come on top)
 * @param seed the seed of the fault schedule and of the workers' choices
 * @param faults the kinds of fault to inject
 * @param clients lock workers
 * @param locks lock names (L0, L1, ...)
 * @param dataNodes data nodes in the ring (0: no ownership workload)
 * @param partitions the ring's partition count P
 * @param ttl the workers' session TTL
 * @param recoveryBound how long after a heal every lock must be acquired again
 * @param keepData keep the servers' data and the copied jars after the run
 */
public record RunOptions(
    Path wardenHome,
    Path workDir,
    Duration duration,
    long seed,
    List<FaultKind> faults,
    int clients,
    int locks,
    int dataNodes,
    int partitions,
    Duration ttl,
    Duration recoveryBound,
    boolean keepData) {

  public RunOptions {
    faults = List.copyOf(faults);
    if (clients < 1 || clients > 60) {
      throw new IllegalArgumentException("clients must be 1 to 60, got " + clients);
    }
    if (dataNodes < 0 || dataNodes > 50) {
      throw new IllegalArgumentException("data nodes must be 0 to 50, got " + dataNodes);
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    if (locks < 1) {
      throw new IllegalArgumentException("locks must be at least 1, got " + locks);
    }
  }

  public List<String> lockNames() {
    return java.util.stream.IntStream.range(0, locks).mapToObj(i -> "L" + i).toList();
  }
}
