package io.warden.bench;

import java.io.IOException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a peer (etcd or ZooKeeper) through {@code ../shared/peers}'s own scripts, as they are and
 * in {@code bin/run-all}'s order: {@code <cluster> start} (fresh), unrecorded priming with {@code
 * peer-bench --workload uncontended --warmup PRIME --duration 1 --results ""}, each workload with
 * {@code peer-bench}, {@code <cluster> stop}. The harness appends its JSON lines to the results
 * file itself; they are also read from its stdout for the table. Everything the scripts print
 * besides the JSON goes to a log file, as run-all does.
 */
final class PeerRunner {
  /**
   * A peer system.
   *
   * @param system its {@code system} field and table column
   * @param flag {@code peer-bench --system} value
   * @param clusterScript its script in the peers' {@code bin/}
   * @param installedAt files of which one must exist if the Debian package is installed (the
   *     paths the cluster script looks at)
   */
  record Peer(String system, String flag, String clusterScript, List<String> installedAt) {}

  /** The peers, in table order. */
  static final List<Peer> PEERS = List.of(
      new Peer("etcd", "etcd", "etcd-cluster", List.of(System.getenv().getOrDefault("ETCD_BIN", "/usr/bin/etcd"))),
      new Peer("zookeeper", "zk", "zk-cluster",
          List.of("/usr/share/java/zookeeper.jar", "/usr/share/zookeeper/zookeeper.jar")));

  private final Path bin;
  private final Path log;
  private final List<String> commonArgs;
  private final Duration timeout;

  /**
   * @param peersDir the peers' folder ({@code bin/}, {@code harness/})
   * @param log where the scripts' own output goes
   * @param commonArgs {@code peer-bench} options every workload gets (windows, deadlines, label,
   *     results file)
   * @param timeout how long one script call may take before it is stopped
   */
  PeerRunner(Path peersDir, Path log, List<String> commonArgs, Duration timeout) {
    this.bin = peersDir.resolve("bin");
    this.log = log;
    this.commonArgs = List.copyOf(commonArgs);
    this.timeout = timeout;
  }

  /** Why {@code peer} cannot run here, or empty if it can. */
  Optional<String> missing(Peer peer) {
    if (!Files.isExecutable(bin.resolve("peer-bench")) || !Files.isExecutable(bin.resolve(peer.clusterScript()))) {
      return Optional.of("skipped: no peers scripts in " + bin.getParent());
    }
    if (peer.installedAt().stream().noneMatch(p -> Files.exists(Path.of(p)))) {
      return Optional.of("skipped: not installed (" + String.join(" or ", peer.installedAt())
          + " missing; apt-get install -y etcd-server etcd-client zookeeper)");
    }
    return Optional.empty();
  }

  /**
   * Starts a fresh cluster of {@code peer}, primes it for {@code prime} (none if zero), runs the
   * workloads and stops the cluster; returns the result lines in workload order.
   */
  List<ResultLine> run(Peer peer, Duration prime, List<String> workloads) throws IOException, InterruptedException {
    Files.createDirectories(log.toAbsolutePath().getParent());
    List<ResultLine> lines = new ArrayList<>();
    String cluster = bin.resolve(peer.clusterScript()).toString();
    try {
      require(call(List.of(cluster, "start")), peer.clusterScript() + " start");
      if (!prime.isZero()) {
        System.err.println("[warden-bench] compare: " + peer.system() + " priming " + prime.toSeconds() + " s (not recorded)");
        List<String> primeArgs = new ArrayList<>(List.of("--system", peer.flag(), "--workload", "uncontended",
            "--warmup", Long.toString(prime.toSeconds()), "--duration", "1", "--results", ""));
        call(peerBench(primeArgs));
      }
      for (String workload : workloads) {
        System.err.println("[warden-bench] compare: " + peer.system() + " " + workload + " ...");
        List<String> args = new ArrayList<>(List.of("--system", peer.flag(), "--workload", workload));
        args.addAll(commonArgs);
        Call c = call(peerBench(args));
        Optional<ResultLine> line = c.stdout().lines().filter(l -> l.startsWith("{")).map(ResultLine::parse)
            .reduce((first, second) -> second);
        if (line.isPresent()) {
          System.out.println(line.get().toJson());
          System.out.flush();
          lines.add(line.get());
        } else {
          System.err.println("[warden-bench] compare: " + peer.system() + " " + workload + " gave no result (rc "
              + c.rc() + "; see " + log + ")");
        }
      }
    } finally {
      call(List.of(cluster, "stop"));
    }
    return lines;
  }

  private List<String> peerBench(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(bin.resolve("peer-bench").toString());
    command.addAll(args);
    return command;
  }

  /** A finished script call. */
  private record Call(int rc, String stdout) {}

  private Call call(List<String> command) throws IOException, InterruptedException {
    append("$ " + String.join(" ", command) + "\n");
    Path stdout = Files.createTempFile(log.toAbsolutePath().getParent(), "peer-", ".out");
    try {
      Process p = new ProcessBuilder(command)
          .redirectOutput(stdout.toFile())
          .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .start();
      boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.destroyForcibly();
        p.waitFor();
      }
      String out = Files.readString(stdout);
      append(out);
      return new Call(done ? p.exitValue() : -1, out);
    } finally {
      Files.deleteIfExists(stdout);
    }
  }

  private void append(String text) throws IOException {
    Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private void require(Call c, String what) {
    if (c.rc() != 0) {
      throw new IllegalStateException(what + " failed (rc " + c.rc() + "); see " + log);
    }
  }
}
