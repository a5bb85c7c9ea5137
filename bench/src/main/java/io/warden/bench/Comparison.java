package io.warden.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --compare}: after Warden's lock workloads ran on its fresh, primed quorum, runs the same
 * workloads with the same settings on each installed peer (etcd, then ZooKeeper) through {@link
 * PeerRunner}, and prints the {@link CompareTable}. A peer that is not installed, or whose run
 * fails, is skipped with one line and shows "–" in the table.
 */
final class Comparison {
  /** The workloads the peers' harness implements, in run-all's order. */
  static final List<String> WORKLOADS = List.of("uncontended", "contended", "failover");

  private final PeerRunner runner;
  private final Duration prime;
  private final List<String> workloads;

  Comparison(PeerRunner runner, Duration prime, List<String> workloads) {
    this.runner = runner;
    this.prime = prime;
    this.workloads = List.copyOf(workloads);
  }

  /**
   * The {@code peer-bench} options that give a peer Warden's settings. The harness takes whole
   * seconds only, so other windows are refused rather than silently rounded.
   */
  static List<String> peerArgs(Integer clients, Duration warmup, Duration duration, Duration killAt,
                               Duration afterKill, long opTimeoutMs, long sessionTimeoutMs, String label,
                               Path results) {
    List<String> args = new ArrayList<>();
    if (clients != null) {
      args.addAll(List.of("--clients", clients.toString()));
    }
    args.addAll(List.of("--warmup", wholeSeconds("--warmup", warmup), "--duration", wholeSeconds("--duration", duration),
        "--kill-at", wholeSeconds("--kill-at", killAt), "--after-kill", wholeSeconds("--after-kill", afterKill),
        "--op-timeout-ms", Long.toString(opTimeoutMs), "--session-timeout-ms", Long.toString(sessionTimeoutMs),
        "--label", label, "--results", results == null ? "" : results.toString()));
    return args;
  }

  static String wholeSeconds(String option, Duration d) {
    if (d.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException("--compare: " + option + " must be whole seconds (the peers' harness takes"
          + " seconds), was " + d.toMillis() + " ms");
    }
    return Long.toString(d.toSeconds());
  }

  /** Runs the peers and returns the table over {@code wardenLines} and theirs. */
  String run(List<ResultLine> wardenLines) throws InterruptedException {
    List<ResultLine> lines = new ArrayList<>(wardenLines);
    Map<String, String> notes = new LinkedHashMap<>();
    for (PeerRunner.Peer peer : PeerRunner.PEERS) {
      Optional<String> missing = runner.missing(peer);
      if (missing.isPresent()) {
        notes.put(peer.system(), missing.get());
        System.err.println("[warden-bench] compare: " + peer.system() + " " + missing.get());
        continue;
      }
      try {
        lines.addAll(runner.run(peer, prime, workloads));
      } catch (java.io.IOException | RuntimeException e) {
        notes.put(peer.system(), "failed: " + e.getMessage());
        System.err.println("[warden-bench] compare: " + peer.system() + " failed: " + e);
      }
    }
    return CompareTable.render(workloads, lines, notes);
  }
}
